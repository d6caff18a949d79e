package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Frames;
import studio.magi.engine.PictureFit;
import studio.magi.media.Clip;
import studio.magi.media.FfmpegTools;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
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

    /**
     * Mean absolute difference per channel (0-255) allowed between the first frame and the picture. Measured with
     * ckpt/nano at 4 steps: 4.0, 4.1, 1.0 for this picture, at most 6.4 over five pictures of the playground's
     * colours (the VAE's reconstruction; the seed does not change it). The first frame of text to video with the same
     * seed and prompt, which ignores the picture, is 120, 116, 128 from it.
     */
    private static final double FIRST_FRAME_LIMIT = 12;

    @Test
    void imageToVideoFromAPictureOfAnySizeStartsWithThatPicture() throws Exception {
        Path png = dir.resolve("start.png");
        ImageIO.write(picture(Color.WHITE), "png", png.toFile());
        Path mp4 = dir.resolve("i2v.mp4");
        Path frames = dir.resolve("i2v");
        Console c = generate("--mode", "i2v", "--image_path", png.toString(), "--prompt", PROMPT, "--chunks", "2", "--seed", "3",
                "--output", mp4.toString(), "--frames-dir", frames.toString());
        assertEquals(0, c.exit(), c.err());
        assertEquals("h264,24/1," + 2 * 24, probe(mp4));

        // The picture as the model takes it: its centred square, scaled to 32x32.
        Frame asGiven = fitted(png);
        double[] first = meanAbsoluteDifference(ImageFile.read(pngs(frames).get(0)), asGiven);
        for (double d : first) {
            assertTrue(d < FIRST_FRAME_LIMIT, "first frame vs the picture, per channel: " + Arrays.toString(first));
        }
        // The limit tells pictures apart: another background, or the picture ignored (text to video), is far off.
        Path other = dir.resolve("other.png");
        ImageIO.write(picture(Color.BLACK), "png", other.toFile());
        double[] toOther = meanAbsoluteDifference(ImageFile.read(pngs(frames).get(0)), fitted(other));
        Path t2v = dir.resolve("t2v");
        assertEquals(0, generate("--prompt", PROMPT, "--chunks", "1", "--seed", "3", "--frames-dir", t2v.toString()).exit());
        double[] ignored = meanAbsoluteDifference(ImageFile.read(pngs(t2v).get(0)), asGiven);
        for (int ch = 0; ch < 3; ch++) {
            assertTrue(toOther[ch] > 5 * FIRST_FRAME_LIMIT, "vs another picture: " + Arrays.toString(toOther));
            assertTrue(ignored[ch] > 5 * FIRST_FRAME_LIMIT, "text to video vs the picture: " + Arrays.toString(ignored));
        }
    }

    /** A blue circle, in the playground's blue, off the centre of a 96x64 picture. */
    private static BufferedImage picture(Color background) {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, 96, 64);
        g.setColor(new Color(40, 80, 230));
        g.fillOval(30, 16, 24, 24);
        g.dispose();
        return image;
    }

    private static Frame fitted(Path png) {
        Frames fit = PictureFit.to(EngineFrames.of(List.of(ImageFile.read(png))), 32, 32);
        return Frame.of(32, 32, fit.frame(0));
    }

    private static double[] meanAbsoluteDifference(Frame a, Frame b) {
        double[] d = new double[3];
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                d[0] += Math.abs(a.red(x, y) - b.red(x, y));
                d[1] += Math.abs(a.green(x, y) - b.green(x, y));
                d[2] += Math.abs(a.blue(x, y) - b.blue(x, y));
            }
        }
        for (int ch = 0; ch < 3; ch++) {
            d[ch] /= a.width() * a.height();
        }
        return d;
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
