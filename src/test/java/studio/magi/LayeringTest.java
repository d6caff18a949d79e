package studio.magi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.render.ChunkKeys;

/** The dependency graph of docs/ARCHITECTURE.md: its arrows point one way, and each library stays in its package. */
class LayeringTest {
    /**
     * Every package its own slice, the root package ({@code studio.magi}) and sub-packages such as {@code engine.magi}
     * included: matching {@code studio.magi.(*)..} would leave the root out and fold sub-packages into their parent.
     */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            return c.getPackageName().startsWith("studio.magi") ? SliceIdentifier.of(c.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of studio.magi";
        }
    };

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("studio.magi");
    }

    @Test
    void projectImportsNothingOfTheOthers() {
        noClasses().that().resideInAPackage("studio.magi.project..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "studio.magi.engine..", "studio.magi.render..", "studio.magi.media..",
                        "studio.magi.ui..", "studio.magi.cli..", "studio.magi.playground..")
                .check(classes);
    }

    @Test
    void engineIsModelAgnosticOfTheStudio() {
        noClasses().that().resideInAPackage("studio.magi.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "studio.magi.project..", "studio.magi.render..", "studio.magi.media..",
                        "studio.magi.ui..", "studio.magi.cli..", "studio.magi.playground..")
                .check(classes);
    }

    @Test
    void mediaStandsAlone() {
        noClasses().that().resideInAPackage("studio.magi.media..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "studio.magi.project..", "studio.magi.engine..", "studio.magi.render..",
                        "studio.magi.ui..", "studio.magi.cli..", "studio.magi.playground..")
                .check(classes);
    }

    @Test
    void playgroundUsesOnlyMedia() {
        noClasses().that().resideInAPackage("studio.magi.playground..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "studio.magi.project..", "studio.magi.engine..", "studio.magi.render..",
                        "studio.magi.ui..", "studio.magi.cli..")
                .check(classes);
    }

    @Test
    void renderServesTheUiWithoutKnowingIt() {
        noClasses().that().resideInAPackage("studio.magi.render..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "studio.magi.ui..", "studio.magi.cli..", "studio.magi.playground..")
                .check(classes);
    }

    @Test
    void theServiceReachesAClusterOnlyThroughItsRenderTarget() {
        noClasses().that().resideInAPackage("studio.magi.render")
                .should().dependOnClassesThat().resideInAPackage("studio.magi.render.farm..")
                .because("render.farm is one target behind the RenderTarget seam; OpenCue or Kubernetes could follow")
                .check(classes);
    }

    @Test
    void onlyTheLauncherOpensTheUi() {
        noClasses().that().resideOutsideOfPackage("studio.magi.ui..")
                .and().doNotHaveFullyQualifiedName("studio.magi.Main")
                .should().dependOnClassesThat().resideInAPackage("studio.magi.ui..")
                .check(classes);
    }

    @Test
    void onlyTheLauncherRunsTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("studio.magi.cli..")
                .and().doNotHaveFullyQualifiedName("studio.magi.Main")
                .should().dependOnClassesThat().resideInAPackage("studio.magi.cli..")
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(classes);
    }

    @Test
    void djlStaysInTheEngine() {
        noClasses().that().resideOutsideOfPackage("studio.magi.engine..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("the rest of the studio names devices by engine.DeviceName")
                .check(classes);
    }

    @Test
    void javafxStaysInTheUi() {
        noClasses().that().resideOutsideOfPackage("studio.magi.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void javacvStaysInMedia() {
        noClasses().that().resideOutsideOfPackage("studio.magi.media..")
                .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
                .check(classes);
    }

    @Test
    void renderAndUiReachTheModelOnlyThroughTheFactory() {
        noClasses().that().resideInAnyPackage("studio.magi.render..", "studio.magi.ui..")
                .should().dependOnClassesThat().resideInAPackage("studio.magi.engine.magi..")
                .because("they load and read checkpoints through engine.ModelFactory")
                .check(classes);
    }

    @Test
    void cacheKeysAreComputedOnlyInRender() {
        noClasses().that().resideOutsideOfPackage("studio.magi.render..")
                .should().dependOnClassesThat().belongToAnyOf(ChunkKeys.class)
                .because("a key computed elsewhere could drift from the one render stores under")
                .check(classes);
    }
}
