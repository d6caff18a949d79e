package studio.magi.render.farm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A farm job's log ({@code sbatch --output}), on the shared storage: {@link NodeRender} prints a line per step and per
 * stored chunk, and its failure as one line; Slurm adds its own (a cancelled or timed-out job's). The studio reads
 * the new lines as they come, for the step to show and, when the job failed, its error line.
 */
final class JobLog {
    static final String FAILED = "magi render-job: ";
    private static final Pattern STEP = Pattern.compile("magi: chunk (\\d+)/(\\d+) step (\\d+)/(\\d+)");
    private static final Pattern PROGRESS = Pattern.compile("magi: chunk \\d+/\\d+ .*");

    /** A step a job reported: {@code chunk} of its run (from 0) has done {@code done} of {@code steps}. */
    record Step(int chunk, int done, int steps) {
    }

    private final Path file;
    private long read;
    private Step last;

    JobLog(Path file) {
        this.file = file;
    }

    static String step(int chunk, int chunks, int done, int steps) {
        return String.format(Locale.ROOT, "magi: chunk %d/%d step %d/%d", chunk + 1, chunks, done, steps);
    }

    static String stored(int chunk, int chunks, String key) {
        return String.format(Locale.ROOT, "magi: chunk %d/%d stored %s", chunk + 1, chunks, key);
    }

    /** The latest step in the lines written since the last call; empty when none came (or no log yet). */
    Optional<Step> newStep() {
        Step before = last;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() > read) {
                byte[] bytes = new byte[(int) Math.min(f.length() - read, 1 << 20)];
                f.seek(read);
                f.readFully(bytes);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                // Only whole lines: the rest is read again once its line is complete.
                read += end;
                new String(bytes, 0, end, StandardCharsets.UTF_8).lines().forEach(this::see);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return last == before ? Optional.empty() : Optional.ofNullable(last);
    }

    private void see(String line) {
        Matcher m = STEP.matcher(line.strip());
        if (m.matches()) {
            last = new Step(Integer.parseInt(m.group(1)) - 1, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        }
    }

    /**
     * Why the job failed, in its own words: its failure line, else its last line unless that is progress (Slurm's
     * own, or the shell's; a node that died mid-chunk leaves none).
     */
    Optional<String> errorLine() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(FAILED)) {
                    return Optional.of(lines.get(i).substring(FAILED.length()));
                }
            }
            return lines.isEmpty() || PROGRESS.matcher(lines.get(lines.size() - 1)).matches() ? Optional.empty()
                    : Optional.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
