package studio.magi.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import studio.magi.project.edit.RenameProject;

/**
 * The child process of {@link KillDuringSavesTest}: the studio's session on a project folder, opened as the studio
 * opens one (leftovers recovered, an autosave offered and taken back), then edited without end, each edit autosaved
 * and every other one saved, as the window's timer and Save do. After each finished save or autosave it prints the
 * revision ("saved 12", "autosaved 13"); the revision is the project's name ("rev 13"). The same lines go to a log
 * file, each with one write: a kill cannot lose a line the kernel has, while the end of a killed pipe can be lost.
 */
final class SavingStudio {
    private SavingStudio() {
    }

    static long revision(String projectName) {
        return Long.parseLong(projectName.substring("rev ".length()));
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Path log = Path.of(args[2]);
        ScriptedDialogs dialogs = new ScriptedDialogs();
        dialogs.recoverAutosave = true;
        ProjectSession s = new ProjectSession(new CallingThreadExecutor(), dialogs,
                new StudioFolders(Path.of(args[1]).resolve("config"), Path.of(args[1]).resolve("unsaved")));
        s.open(dir);
        long rev = revision(s.project().name());
        say("opened " + rev, dialogs, log);
        // Ends by itself should the test that kills it be gone.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            rev++;
            s.execute(new RenameProject("rev " + rev));
            if (rev % 2 == 0) {
                s.save();
                say("saved " + rev, dialogs, log);
            } else {
                s.autosave();
                say("autosaved " + rev, dialogs, log);
            }
        }
    }

    private static void say(String line, ScriptedDialogs dialogs, Path log) {
        if (!dialogs.errors.isEmpty()) {
            System.err.println(dialogs.errors);
            System.exit(1);
        }
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(line);
        System.out.flush();
    }
}
