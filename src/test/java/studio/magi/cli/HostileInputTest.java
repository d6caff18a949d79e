package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.media.FfmpegTools;
import studio.magi.media.Mp4Writer;
import studio.magi.media.TestClips;

/**
 * Hostile input on the command line, one test per kind: each refusal is one line and exit code 2, given before any
 * work, with nothing on disk changed; what the model cannot read of a prompt is said; the console holds the
 * program's own lines only; a run cut short leaves nothing under the asked name.
 */
class HostileInputTest {
    private static final String MODEL = Path.of("ckpt", "nano").toString();
    private static final String PROMPT = "a red circle bouncing on a black background";

    @TempDir
    Path dir;

    private static Console generate(String... args) {
        List<String> all = new ArrayList<>(List.of("generate", "--model", MODEL, "--steps", "4"));
        all.addAll(List.of(args));
        return Console.run(all.toArray(String[]::new));
    }

    @Test
    void aNulInAPathIsOneLineNotAStackTrace() throws IOException {
        Path config = Files.writeString(dir.resolve("nul.json"),
                "{\"prompt\": \"" + PROMPT + "\", \"output\": \"a\\u0000b.mp4\"}");
        Map<String, String> before = DiskState.of(dir);

        assertRefused(Console.run("generate", "--config", config.toString()), "output is not a usable path");
        assertEquals(before, DiskState.of(dir));
    }

    @Test
    void wholeNumbersOutOfRangeAreRefusedNotWrapped(@TempDir Path configs) throws IOException {
        Path out = dir.resolve("out.mp4");
        Path config = configs.resolve("numbers.json");
        Map<String, String> before = DiskState.of(dir);
        Map<String, String> refusals = Map.of(
                "\"chunks\": 4294967297", "chunks must be a whole number from 1 to 1000000, it is 4294967297",
                "\"chunks\": 18446744073709551617", "chunks must be a whole number from 1 to 1000000",
                "\"num_frames\": 9223372036854775807", "num_frames must be a whole number from 1 to 2147483647",
                "\"num_steps\": 4294967300", "steps must be a whole number from -2147483648 to 2147483647",
                "\"threads\": 0", "--threads must be from 1 to 1024, got 0");
        for (Map.Entry<String, String> r : refusals.entrySet()) {
            Files.writeString(config, "{\"prompt\": \"" + PROMPT + "\", \"output\": \"" + out + "\", " + r.getKey() + "}");
            assertRefused(Console.run("generate", "--model", MODEL, "--config", config.toString()), r.getValue());
        }
        assertRefused(generate("--prompt", PROMPT, "--chunks", "2000000", "--output", out.toString()),
                "--chunks must be from 1 to 1000000, got 2000000");
        assertRefused(generate("--prompt", PROMPT, "--chunks", "4294967297", "--output", out.toString()), "not an int");
        assertRefused(generate("--prompt", PROMPT, "--threads", "100000", "--output", out.toString()),
                "--threads must be from 1 to 1024");
        assertEquals(before, DiskState.of(dir));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aConfigThatIsNotARegularFileOrIsHugeIsNotRead() throws IOException {
        Path huge = dir.resolve("huge.json");
        byte[] spaces = new byte[GenerateConfigFile.MAX_BYTES + 10];
        Arrays.fill(spaces, (byte) ' ');
        Files.write(huge, spaces);
        Map<String, String> before = DiskState.of(dir);

        assertRefused(generate("--config", "/dev/zero", "--prompt", PROMPT, "--output", dir.resolve("z.mp4").toString()),
                "/dev/zero: not a regular file");
        assertRefused(generate("--config", huge.toString()), "larger than 1024 KB");
        assertEquals(before, DiskState.of(dir));
    }

    @Test
    void aPlaygroundSizeBeyondWhatFitsIsRefusedBeforeTheFolderIsMade() throws IOException {
        Path out = dir.resolve("scenes");
        Map<String, String> before = DiskState.of(dir);

        assertRefused(Console.run("playground", "render", "--size", "100000", "--scenes", "1", "--chunks", "1", "--out",
                out.toString()), "--size must be from 2 to 4096, got 100000");
        assertRefused(Console.run("playground", "render", "--size", "4096", "--scenes", "1", "--chunks", "10000", "--out",
                out.toString()), "more than half of this program's");
        assertRefused(Console.run("playground", "render", "--scenes", "2147483647", "--out", out.toString()),
                "--scenes must be from 1 to 100000");
        assertEquals(before, DiskState.of(dir), "no folder was made");
    }

    @Test
    void aPictureCutShortIsRefused() throws IOException {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        Path out = dir.resolve("i2v.mp4");
        for (String format : List.of("jpg", "png")) {
            Path whole = dir.resolve("whole." + format);
            ImageIO.write(image, format, whole.toFile());
            byte[] bytes = Files.readAllBytes(whole);
            Files.write(dir.resolve("half." + format), Arrays.copyOf(bytes, bytes.length / 2));
        }
        Map<String, String> before = DiskState.of(dir);

        // A cut JPEG decodes with warnings (grey where the data ended); a cut PNG does not decode at all.
        assertRefused(generate("--mode", "i2v", "--image_path", dir.resolve("half.jpg").toString(), "--prompt", PROMPT,
                "--output", out.toString()), "half.jpg: the picture is damaged or cut short (Truncated File");
        assertRefused(generate("--mode", "i2v", "--image_path", dir.resolve("half.png").toString(), "--prompt", PROMPT,
                "--output", out.toString()), "half.png: the picture cannot be decoded");
        assertEquals(before, DiskState.of(dir));
    }

    @Test
    void aVideoCutShortIsRefused() throws Exception {
        Path made = dir.resolve("made.mp4");
        Mp4Writer.write(TestClips.movingSquare(32, 32, 96), made);
        Path whole = dir.resolve("whole.mp4");
        // The index (moov) first, as streaming tools write it: cut short, the file still opens, and most frames decode.
        Process remux = FfmpegTools.start(List.of("ffmpeg", "-v", "error", "-i", made.toString(), "-c", "copy", "-movflags",
                "+faststart", whole.toString()));
        remux.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, remux.waitFor());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length * 9 / 10));
        Map<String, String> before = DiskState.of(dir);

        assertRefused(generate("--mode", "v2v", "--prefix_video_path", cut.toString(), "--prompt", PROMPT, "--output",
                dir.resolve("v2v.mp4").toString()), "cut.mp4: the video is damaged or cut short");
        assertEquals(before, DiskState.of(dir));
    }

    @Test
    void aPromptLongerThanTheModelReadsOrWithNoWordItReadsIsSaid() throws IOException {
        String longPrompt = String.join(" ", java.util.Collections.nCopies(2500, PROMPT));
        Console cut = generate("--prompt", longPrompt, "--chunks", "1", "--output", dir.resolve("long.mp4").toString());
        assertEquals(0, cut.exit(), cut.err());
        assertEquals(List.of("magi: warning: prompt 1 has 20000 words; the model reads its first 22, up to \"...circle bouncing on"
                + " a\", and not the rest"), warnings(cut));

        Console emoji = generate("--prompt", "\ud83c\udf88\ud83c\udf89", "--chunks", "1", "--output",
                dir.resolve("emoji.mp4").toString());
        assertEquals(0, emoji.exit(), emoji.err());
        assertEquals(List.of("magi: warning: prompt 1 has no word the model reads (it reads letters a-z and digits); it"
                + " reads as an empty prompt"), warnings(emoji));

        Console unknown = generate("--prompt", "zorbly quux", "--chunks", "1", "--output", dir.resolve("unknown.mp4").toString());
        assertEquals(List.of("magi: warning: prompt 1 has no word the model knows (zorbly, quux); it reads as an empty prompt"),
                warnings(unknown));
        assertEquals(List.of(), warnings(generate("--prompt", PROMPT, "--chunks", "1", "--output",
                dir.resolve("plain.mp4").toString())));
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeTheRender() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a regular file");
        Map<String, String> before = DiskState.of(dir);

        Console under = generate("--prompt", PROMPT, "--chunks", "1", "--output", file.resolve("out.mp4").toString());
        assertRefused(under, "notes.txt is a file, not a folder");
        assertRefused(generate("--prompt", PROMPT, "--frames-dir", file.resolve("frames").toString()),
                "notes.txt is a file, not a folder");
        // /proc takes no new files, whoever asks (root included, whom a read-only mode does not stop).
        assertRefused(generate("--prompt", PROMPT, "--chunks", "1", "--output", "/proc/magi-out.mp4"), "cannot write in /proc");
        assertRefused(Console.run("playground", "render", "--out", file.resolve("scenes").toString()),
                "notes.txt is a file, not a folder");
        assertEquals(before, DiskState.of(dir));
    }

    @Test
    void anUnforeseenFailureIsOneLineAndItsStackTraceGoesToTheLog() throws IOException {
        StudioLauncher broken = new StudioLauncher() {
            @Override
            public void open(Path project, String devices) {
                throw new IllegalStateException("a bug \u0000 of the studio's\nsecond line");
            }

            @Override
            public Map<String, Object> benchmark(int chunks, Path checkpoint) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        StringWriter err = new StringWriter();
        int exit = MagiCommand.run(broken, new PrintWriter(new StringWriter()), new PrintWriter(err, true), "open");
        assertEquals(1, exit);
        assertEquals(List.of("magi: unexpected error (IllegalStateException: a bug \\x00 of the studio's); the details are in "
                + LibraryLog.file()), err.toString().lines().toList());
        String log = Files.readString(LibraryLog.file());
        assertTrue(log.contains("java.lang.IllegalStateException: a bug") && log.contains("at studio.magi.cli.OpenCommand.run"),
                "the stack trace is in the log");

        StringWriter oom = new StringWriter();
        assertEquals(1, MagiCommand.run(broken, new PrintWriter(new StringWriter()), new PrintWriter(oom, true), "bench-studio"));
        assertTrue(oom.toString().startsWith("magi: out of memory (OutOfMemoryError: Java heap space); the details are in "),
                oom.toString());
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunThatLoadsTheModelPrintsOnlyItsOwnLinesAndTheLibrariesGoToTheLog(@TempDir Path state) throws Exception {
        Path quietErr = dir.resolve("quiet.err");
        Process quiet = magi(state, quietErr, "generate", "--model", MODEL, "--steps", "4", "--chunks", "1", "--prompt",
                PROMPT, "--output", dir.resolve("quiet.mp4").toString());
        String out = new String(quiet.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, quiet.waitFor());
        String err = Files.readString(quietErr);
        assertTrue(out.startsWith("wrote "), out);
        // The progress bar redraws its line with \r; every piece of stderr is the bar or the chunk's own line.
        assertTrue(Arrays.stream(err.split("[\r\n]+")).allMatch(l -> l.isEmpty() || l.startsWith("chunk 1/1 [")
                || l.equals("  frames 0-23")), err);
        assertTrue(Files.readString(state.resolve("magi-studio").resolve("magi.log")).contains("ai.djl"),
                "DJL's lines are in the log");

        Path verboseErr = dir.resolve("verbose.err");
        Process verbose = magi(state, verboseErr, "generate", "--verbose", "--model", MODEL, "--steps", "4", "--chunks", "1",
                "--prompt", PROMPT, "--output", dir.resolve("verbose.mp4").toString());
        verbose.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, verbose.waitFor());
        assertTrue(Files.readString(verboseErr).contains("ai.djl"), "--verbose shows them");
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunCutShortLeavesNothingUnderTheAskedName(@TempDir Path state) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Map<String, String> before = DiskState.of(out);
        Path err = dir.resolve("cut.err");
        Process run = magi(state, err, "generate", "--model", MODEL, "--steps", "4", "--chunks", "100000", "--prompt", PROMPT,
                "--output", out.resolve("long.mp4").toString());
        long end = System.currentTimeMillis() + 180_000;
        while (!Files.readString(err).contains("frames 24-47") && System.currentTimeMillis() < end && run.isAlive()) {
            Thread.sleep(200);
        }
        assertTrue(run.isAlive(), Files.readString(err));
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(".long.mp4.")), "the video is being written");
        }
        run.destroy();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(out.resolve("long.mp4")));
        assertEquals(before, DiskState.of(out), "nothing is left, not even the partial file");
    }

    /** `./magi` as its own process (java -cp the test's class path), its state folder {@code state}, stderr to a file. */
    private static Process magi(Path state, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dmagi.home=" + Path.of("").toAbsolutePath(), "-cp", System.getProperty("java.class.path")));
        String natives = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (natives != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + natives);
        }
        command.add("studio.magi.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("XDG_STATE_HOME", state.toString());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    private static List<String> warnings(Console c) {
        return c.err().lines().filter(l -> l.startsWith("magi: warning")).toList();
    }

    private static void assertRefused(Console c, String says) {
        assertEquals(2, c.exit(), c.err());
        assertEquals(1, c.err().lines().filter(l -> !l.isBlank()).count(), c.err());
        assertTrue(c.err().startsWith("magi: ") && c.err().contains(says), c.err());
        assertFalse(c.err().contains("chunk 1/"), "refused before the model ran: " + c.err());
    }
}
