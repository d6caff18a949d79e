package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Project;
import studio.magi.project.ShotStart;
import studio.magi.project.edit.Command;
import studio.magi.project.store.ProjectFolder;

/** Files copied into media/ only once they decode, and a shot from each as one edit. */
class MediaImportTest {
    @TempDir
    Path tmp;

    private Path picture(String name) throws Exception {
        Path png = tmp.resolve(name);
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        return png;
    }

    @Test
    void whatDoesNotDecodeIsRefusedWithItsReasonAndNotCopied() throws Exception {
        ProjectFolder folder = ProjectFolder.at(tmp.resolve("film"));
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a picture");
        Path broken = Files.write(tmp.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1});
        MediaImport.Imported result = MediaImport.copy(folder, List.of(text, broken, picture("sunset.png")));
        assertEquals(List.of("media/sunset.png"), result.imported().stream().map(m -> m.name()).toList());
        assertEquals(2, result.refused().size());
        assertTrue(result.refused().get(0).contains("notes.txt is not a PNG or JPEG image"), result.refused().get(0));
        assertTrue(result.refused().get(1).contains("broken.png") && result.refused().get(1).endsWith("nothing was imported."),
                result.refused().get(1));
        assertEquals(result.imported(), result.media(), "media/ holds the picture alone");
    }

    @Test
    void eachFileCopiedStartsAShotAndTheyAreOneEdit() throws Exception {
        ProjectFolder folder = ProjectFolder.at(tmp.resolve("film"));
        MediaImport.Imported two = MediaImport.copy(folder, List.of(picture("a.png"), picture("b.png")));
        Command add = two.asShots(1).orElseThrow();
        assertEquals("Add 2 Shots from Media", add.description());
        Project p = add.apply(Project.untitled());
        assertEquals(List.of(ShotStart.NOTHING, ShotStart.image("media/a.png"), ShotStart.image("media/b.png")),
                p.shots().stream().map(s -> s.start()).toList());

        MediaImport.Imported none = MediaImport.copy(folder, List.of(Files.writeString(tmp.resolve("a.txt"), "words")));
        assertEquals(Optional.empty(), none.asShots(0));
    }
}
