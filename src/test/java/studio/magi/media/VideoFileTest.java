package studio.magi.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MP4 writing and video reading, with ffprobe as the judge of what was written (JavaCV echoes what was asked). */
class VideoFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void smallClipsBecomeH264Yuv420pAt24Fps(int size) throws Exception {
        Path file = dir.resolve("clip.mp4");
        Mp4Writer.write(TestClips.movingSquare(size, size, 48), file);
        String probe = ffprobe(file);
        assertTrue(probe.contains("codec_name=h264"), probe);
        assertTrue(probe.contains("pix_fmt=yuv420p"), probe);
        assertTrue(probe.contains("width=" + size) && probe.contains("height=" + size), probe);
        assertTrue(probe.contains("r_frame_rate=24/1"), probe);
        assertTrue(probe.contains("nb_frames=48"), probe);
        assertEquals(List.of(file), list(dir), "no temporary file is left behind");
    }

    @Test
    void aHiddenFileOfTheUsersBesideTheVideoIsLeftAlone() throws IOException {
        Path mine = Files.writeString(dir.resolve(".clip.mp4.part"), "the user's");
        Path file = dir.resolve("clip.mp4");
        Mp4Writer.write(TestClips.movingSquare(32, 32, 24), file);
        assertEquals("the user's", Files.readString(mine));
        assertEquals(List.of(mine, file), list(dir), "no temporary file is left behind");
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void framesComeBackWithTheirColoursWithinCompressionError() {
        Path file = dir.resolve("clip.mp4");
        Clip clip = TestClips.movingSquare(64, 64, 24);
        Mp4Writer.write(clip, file);
        Clip back = ClipReader.read(file);
        assertEquals(24, back.size());
        assertEquals(24.0, back.fps(), 1e-9);
        assertEquals(64, back.width());
        Frame f = back.frame(10);
        assertEquals(128, f.red(50, 5), 3, "flat gray stays gray");
        assertEquals(230, f.red(12, 25), 12, "inside the square it is red");
        assertEquals(40, f.green(12, 25), 12);
    }

    @Test
    void anOddSizeIsRefusedBeforeAnythingIsWritten() {
        Path file = dir.resolve("odd.mp4");
        MediaException e = assertThrows(MediaException.class, () -> Mp4Writer.write(TestClips.movingSquare(33, 32, 2), file));
        assertTrue(e.getMessage().contains("odd.mp4") && e.getMessage().contains("33x32"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void writingReplacesAWholeFileOnly() throws IOException {
        Path file = dir.resolve("clip.mp4");
        Mp4Writer.write(TestClips.movingSquare(32, 32, 24), file);
        Mp4Writer.write(TestClips.movingSquare(32, 32, 12), file);
        assertEquals(12, ClipReader.read(file).size());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nowhere.mp4");
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void aFileThatIsNoVideoIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.mp4"), "not a video", StandardCharsets.UTF_8);
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void aTruncatedVideoIsNamed() throws IOException {
        Path file = dir.resolve("cut.mp4");
        Mp4Writer.write(TestClips.movingSquare(32, 32, 24), file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, 200));
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip.webm:libvpx-vp9", "clip.mov:mpeg4"})
    void otherContainersAndCodecsAreRead(String fileAndCodec) throws Exception {
        String[] parts = fileAndCodec.split(":");
        Path file = dir.resolve(parts[0]);
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=48x32:rate=24", "-t", "1", "-c:v", parts[1], file.toString());
        Clip clip = ClipReader.read(file);
        assertEquals(24, clip.size());
        assertEquals(48, clip.width());
        assertEquals(32, clip.height());
        assertEquals(24.0, clip.fps(), 1e-9);
    }

    @Test
    void aFileWithoutPicturesIsNamed() throws Exception {
        Path file = dir.resolve("sound.mp4");
        ffmpeg("-f", "lavfi", "-i", "anullsrc", "-t", "1", "-c:a", "aac", file.toString());
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("no video"), e.getMessage());
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Process p = FfmpegTools.start(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static String ffprobe(Path file) throws Exception {
        Process p = FfmpegTools.start(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_frames",
                "-of", "default=noprint_wrappers=1", file.toString()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }
}
