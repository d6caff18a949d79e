package studio.magi.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/** {@code ./magi open DIR}: the studio on a project folder, checked first so a bad folder is one clear line. */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Open the studio on a project folder (one with a project.json).")
final class OpenCommand implements Runnable {
    @ParentCommand
    MagiCommand parent;

    @Parameters(paramLabel = "DIR", description = "the project folder")
    Path dir;

    @Override
    public void run() {
        try {
            ProjectFolder.at(dir).open();
        } catch (ProjectFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        parent.studio().open(dir.toAbsolutePath().normalize());
    }
}
