package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.media.Clip;
import studio.magi.media.FfmpegTools;
import studio.magi.media.Frame;
import studio.magi.media.Mp4Writer;

/** `./magi generate` end to end, as a user runs it: files on disk, messages, exit codes. */
class GenerateCommandTest {
    private static final String MODEL = Path.of("ckpt", "nano").toString();
    private static final String PROMPT = "a yellow square sliding right on a gray background";

    @TempDir
    Path dir;

    private static Console generate(String... args) {
        List<String> all = new ArrayList<>(List.of("generate", "--model", MODEL, "--steps", "4"));
        all.addAll(List.of(args));
        return Console.run(all.toArray(String[]::new));
    }

    @Test
    void textToVideoWritesAnH264Mp4Of24FramesAChunkAndStreamsPngFrames() throws Exception {
        Path mp4 = dir.resolve("out.mp4");
        Path frames = dir.resolve("frames");
        Console c = generate("--prompt", PROMPT, "--prompt", "the square turns blue", "--chunks", "3", "--output", mp4.toString(),
                "--frames-dir", frames.toString());
        assertEquals(0, c.exit(), c.err());
        assertEquals("h264,24/1," + 3 * 24, probe(mp4));
        List<Path> pngs = pngs(frames);
        assertEquals(3 * 24, pngs.size());
        assertFalse(Files.exists(dir.resolve("frames.part")), "the finished folder has its own name");
        FileTime firstChunk = Files.getLastModifiedTime(pngs.get(23));
        FileTime lastChunk = Files.getLastModifiedTime(pngs.get(48));
        assertTrue(firstChunk.compareTo(lastChunk) < 0, "the first chunk's frames were on disk before the last chunk's");
        assertTrue(c.err().contains("chunk 3/3"), c.err());
    }

    @Test
    void imageToVideoStartsFromAPictureOfAnySize() throws Exception {
        Path png = dir.resolve("start.png");
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().fillOval(30, 20, 24, 24);
        ImageIO.write(image, "png", png.toFile());
        Path mp4 = dir.resolve("i2v.mp4");
        Console c = generate("--mode", "i2v", "--image_path", png.toString(), "--prompt", PROMPT, "--chunks", "2", "--output",
                mp4.toString());
        assertEquals(0, c.exit(), c.err());
        assertEquals("h264,24/1," + 2 * 24, probe(mp4));
    }

    @Test
    void videoToVideoContinuesAPrefixAndSkipsTheFramesItHoldsClean() throws Exception {
        Path prefix = dir.resolve("prefix.mp4");
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 24 + 8; i++) {
            frames.add(Frame.filled(32, 32, 10 * i, 80, 160));
        }
        Mp4Writer.write(new Clip(24, frames), prefix);
        Path frameDir = dir.resolve("v2v");
        Console c = generate("--mode", "v2v", "--prefix_video_path", prefix.toString(), "--prompt", PROMPT, "--chunks", "2",
                "--frames-dir", frameDir.toString());
        assertEquals(0, c.exit(), c.err());
        assertEquals(24 - 8 + 24, pngs(frameDir).size(), "the prefix's last 8 frames are held, the rest is new");
    }

    @Test
    void wordsOutsideTheVocabularyAreNamedAndTheVideoIsMadeAnyway() {
        Path mp4 = dir.resolve("words.mp4");
        Console c = generate("--prompt", "a red circle juggling on a black background", "--chunks", "1", "--output", mp4.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("warning") && c.err().contains("juggling"), c.err());
        assertTrue(Files.exists(mp4));
    }

    @Test
    void theReferenceConfigNamesWorkAndAnotherSizeIsRefused() throws IOException {
        Path config = dir.resolve("cfg.json");
        Path out = dir.resolve("cfg.mp4");
        Files.writeString(config, "{\"runtime_config\": {\"num_frames\": 48, \"num_steps\": 4, \"window_size\": 1, "
                + "\"cfg_number\": 2, \"seed\": 5, \"video_size_h\": 32, \"video_size_w\": 32}, \"prompt\": \"" + PROMPT
                + "\", \"output_path\": \"" + out + "\", \"model_config\": {\"num_layers\": 48}}");
        Console c = Console.run("generate", "--model", MODEL, "--config", config.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("48 frames"), c.out());
        Files.writeString(config, "{\"video_size_h\": 720, \"prompt\": \"x\", \"output\": \"" + out + "\"}");
        Console big = Console.run("generate", "--model", MODEL, "--config", config.toString());
        assertEquals(2, big.exit());
        assertTrue(big.err().contains("renders 32x32 only"), big.err());
    }

    @Test
    void badInputGetsOneLineExitTwoAndLeavesNothingLookingFinished() throws IOException {
        Path mp4 = dir.resolve("bad.mp4");
        Path frames = dir.resolve("bad-frames");
        assertRefused(generate("--prompt", PROMPT, "--chunks", "0", "--output", mp4.toString()), "--chunks must be from 1 to");

        Path notImage = dir.resolve("photo.png");
        Files.writeString(notImage, "not a picture");
        assertRefused(generate("--mode", "i2v", "--image_path", notImage.toString(), "--prompt", PROMPT, "--output", mp4.toString()),
                "photo.png");

        Path empty = dir.resolve("empty.mp4");
        Files.write(empty, new byte[0]);
        assertRefused(generate("--mode", "v2v", "--prefix_video_path", empty.toString(), "--prompt", PROMPT, "--output",
                mp4.toString()), "empty.mp4");

        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        try (Stream<Path> files = Files.list(Path.of(MODEL))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.createSymbolicLink(broken.resolve(f.getFileName()), f.toAbsolutePath());
            }
        }
        byte[] whole = Files.readAllBytes(Path.of(MODEL, "model.safetensors"));
        Files.delete(broken.resolve("model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), java.util.Arrays.copyOf(whole, whole.length - 1000));
        assertRefused(Console.run("generate", "--model", broken.toString(), "--prompt", PROMPT, "--output", mp4.toString(),
                "--frames-dir", frames.toString()), "model.safetensors");

        assertFalse(Files.exists(mp4), "no video was written");
        assertFalse(Files.exists(frames) || Files.exists(dir.resolve("bad-frames.part")), "no frames were written");
    }

    @Test
    void aPartFolderOfTheUsersBesideTheFramesFolderIsRefusedAndKept() throws Exception {
        Path part = Files.createDirectories(dir.resolve("frames.part"));
        Files.writeString(part.resolve("notes.txt"), "the user's, not a frame");
        java.util.Map<String, String> before = DiskState.of(dir);

        assertRefused(generate("--prompt", PROMPT, "--frames-dir", dir.resolve("frames").toString(), "--output",
                dir.resolve("out.mp4").toString()), "frames.part: already exists");

        assertEquals(before, DiskState.of(dir), "nothing on disk changed");
    }

    private static void assertRefused(Console c, String says) {
        assertEquals(2, c.exit(), c.err());
        assertEquals(1, c.err().lines().filter(l -> !l.isBlank()).count(), c.err());
        assertTrue(c.err().startsWith("magi: ") && c.err().contains(says), c.err());
    }

    private static List<Path> pngs(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    /** codec, frame rate and counted frames as ffprobe reads them from the file. */
    private static String probe(Path file) throws Exception {
        Process p = FfmpegTools.start(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,r_frame_rate,nb_read_frames", "-of", "csv=p=0", file.toString()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
