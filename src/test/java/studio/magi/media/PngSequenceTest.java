package studio.magi.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngSequenceTest {
    @TempDir
    Path dir;

    @Test
    void framesComeBackExactlyAndInOrder() throws IOException {
        Clip clip = TestClips.movingSquare(20, 12, 12);
        Path folder = dir.resolve("shot");
        PngSequence.write(clip, folder);
        Clip back = ClipReader.read(folder);
        assertEquals(clip.frames(), back.frames());
        assertEquals(24, back.fps());
        assertEquals(List.of(folder), list(dir), "no temporary folder is left behind");
    }

    @Test
    void aHiddenFolderOfTheUsersBesideTheFramesIsLeftAlone() throws IOException {
        Path mine = Files.createDirectory(dir.resolve(".shot.part"));
        Files.writeString(mine.resolve("notes.txt"), "the user's");
        Path folder = dir.resolve("shot");
        PngSequence.write(TestClips.movingSquare(8, 8, 3), folder);
        assertEquals("the user's", Files.readString(mine.resolve("notes.txt")));
        assertEquals(List.of(mine, folder), list(dir), "no temporary folder is left behind");
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void framesAreOrderedByTheirNumberNotAlphabetically() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("numbered"));
        Clip clip = TestClips.movingSquare(16, 8, 11);
        for (int i = 0; i < clip.size(); i++) {
            ImageIO.write(clip.frame(i).toImage(), "png", folder.resolve("f" + i + ".png").toFile());
        }
        assertEquals(clip.frames(), PngSequence.read(folder).frames());
    }

    @Test
    void anExistingFolderIsNeverWrittenInto() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        MediaException e = assertThrows(MediaException.class, () -> PngSequence.write(TestClips.movingSquare(8, 8, 2), folder));
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertEquals("mine", Files.readString(folder.resolve("keep.txt")));
    }

    @Test
    void anEmptyFolderIsRefusedByName() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("empty"));
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(folder));
        assertTrue(e.getMessage().startsWith(folder.toString()) && e.getMessage().contains("no PNG frames"), e.getMessage());
    }

    @Test
    void aFrameOfAnotherSizeIsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("mixed"));
        ImageIO.write(TestClips.movingSquare(16, 8, 1).frame(0).toImage(), "png", folder.resolve("frame-0.png").toFile());
        ImageIO.write(TestClips.movingSquare(8, 8, 1).frame(0).toImage(), "png", folder.resolve("frame-1.png").toFile());
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(folder));
        assertTrue(e.getMessage().contains("frame-1.png") && e.getMessage().contains("8x8"), e.getMessage());
    }

    @Test
    void aBrokenPngIsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("broken"));
        Files.write(folder.resolve("frame-0.png"), new byte[] {1, 2, 3, 4});
        MediaException e = assertThrows(MediaException.class, () -> ClipReader.read(folder));
        assertTrue(e.getMessage().contains("frame-0.png"), e.getMessage());
    }
}
