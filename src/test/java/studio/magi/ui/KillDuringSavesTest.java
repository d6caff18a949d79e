package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Project;
import studio.magi.project.store.ProjectFolder;

/**
 * A studio killed with SIGKILL ({@link Process#destroyForcibly}) 30 times while it saves and autosaves: after each kill
 * project.json is a whole project, its backup the save before it, and opening the folder again brings back every
 * edit up to the last save or autosave that finished, leaving none of the studio's temporary files behind.
 *
 * <p>The killed process ({@link SavingStudio}) runs the studio's own code for this, {@link ProjectSession} with its
 * {@code ProjectSaving}, {@code AutosaveRecovery}, {@code ProjectFolder} and {@code AtomicFile}, but headless: its disk
 * work on the calling thread instead of the FX disk thread, and scripted answers instead of dialogs. Starting the
 * JavaFX window 30 times would take minutes, and the window adds nothing to what is on disk.
 */
class KillDuringSavesTest {
    private static final int KILLS = 30;
    private static final Set<String> PROJECT_ENTRIES = Set.of(ProjectFolder.PROJECT_FILE, ProjectFolder.BACKUP_FILE,
            ProjectFolder.AUTOSAVE_FILE, ProjectFolder.MEDIA, ProjectFolder.RENDERS);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStudioKilledDuringSavesAndAutosavesLosesNoFinishedEditAndLeavesNothingBehind() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectFolder.at(folder).save(Project.untitled().withName("rev 0"));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long recovered = 0;
        int midWrite = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            String run = "kill " + kill + " (seed " + seed + ")";
            long finished = startAndKill(folder, recovered, random, run);

            ProjectFolder.at(folder).open();
            try (Stream<Path> entries = Files.list(folder)) {
                midWrite += entries.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")) ? 1 : 0;
            }
            if (Files.exists(folder.resolve(ProjectFolder.BACKUP_FILE))) {
                long saved = SavingStudio.revision(ProjectFolder.at(folder).open().name());
                assertTrue(backupRevision(folder) < saved, run + ": the backup is a save before project.json");
            }
            recovered = reopen(folder, run);
            assertTrue(recovered >= finished && recovered <= finished + 1,
                    run + ": recovered rev " + recovered + ", the last finished write was rev " + finished);
        }
        assertTrue(midWrite >= 3, "only " + midWrite + " kills landed in the middle of a write (seed " + seed + ")");
    }

    /**
     * Starts the studio on the folder, which must open at revision {@code recovered}, kills it after a few finished
     * writes at a random moment of the next one (within as long as the last one took), and returns the revision of
     * the last write it finished.
     */
    private long startAndKill(Path folder, long recovered, Random random, String run) throws Exception {
        Path log = tmp.resolve("writes.log");
        Files.deleteIfExists(log);
        Process child = start(folder, log);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = read(child, lines);
        assertEquals("opened " + recovered, lines.poll(60, TimeUnit.SECONDS), run + ": " + errors());
        long last = System.nanoTime();
        long took = 0;
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            lines.poll(10, TimeUnit.SECONDS);
            long now = System.nanoTime();
            took = now - last;
            last = now;
        }
        LockSupport.parkNanos((long) (random.nextDouble() * took)); // the kill's moment, not a wait for something
        assertTrue(child.isAlive(), run + ": the studio ended by itself: " + errors());
        child.destroyForcibly();
        child.waitFor();
        reader.join();
        long finished = recovered;
        String logged = Files.readString(log);
        for (String line : logged.substring(0, logged.lastIndexOf('\n') + 1).split("\n")) {
            if (line.matches("(auto)?saved \\d+")) {
                finished = Long.parseLong(line.substring(line.indexOf(' ') + 1));
            }
        }
        return finished;
    }

    /** Opens the folder as the studio does, taking back any autosave; checks that nothing else is left. */
    private long reopen(Path folder, String run) throws IOException {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        dialogs.recoverAutosave = true;
        ProjectSession s = new ProjectSession(new CallingThreadExecutor(), dialogs,
                new StudioFolders(tmp.resolve("check/config"), tmp.resolve("check/unsaved")));
        s.open(folder);
        assertEquals(List.of(), dialogs.errors, run);
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> left = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !PROJECT_ENTRIES.contains(n)).toList();
            assertEquals(List.of(), left, run + ": left behind after the next open");
        }
        return SavingStudio.revision(s.project().name());
    }

    private long backupRevision(Path folder) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("backup"));
        Files.copy(folder.resolve(ProjectFolder.BACKUP_FILE), copy.resolve(ProjectFolder.PROJECT_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        return SavingStudio.revision(ProjectFolder.at(copy).open().name());
    }

    private Process start(Path folder, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), SavingStudio.class.getName(),
                folder.toString(), tmp.resolve("studio").toString(), log.toString())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
    }

    private static Thread read(Process child, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // the child was killed mid-line
            }
        }, "studio-output");
        t.start();
        return t;
    }

    private String errors() throws IOException {
        return Files.readString(tmp.resolve("stderr.txt"));
    }
}
