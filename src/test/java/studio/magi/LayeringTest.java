package studio.magi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrows of DESIGN.md section 2 point one way. */
class LayeringTest {
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
}
