package studio.magi.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.magi.media.Clip;
import studio.magi.media.MediaException;
import studio.magi.media.PngSequence;
import studio.magi.playground.ClipSource;
import studio.magi.playground.TruthScene;

/** Keeps what an evaluation generates: each scene's spec as NAME.json and its clip as NAME/ PNG frames. */
final class SavedClips implements ClipSource {
    private final ClipSource source;
    private final Path folder;

    SavedClips(ClipSource source, Path folder) {
        this.source = source;
        this.folder = folder;
    }

    @Override
    public Clip clipFor(TruthScene scene, int prefixChunks) {
        Clip clip = source.clipFor(scene, prefixChunks);
        try {
            Files.createDirectories(folder);
            scene.spec().write(folder.resolve(scene.name() + ".json"));
            PngSequence.write(clip, folder.resolve(scene.name()));
        } catch (IOException | MediaException e) {
            throw new UserError(folder + ": cannot save the generated clips (" + e.getMessage() + ")");
        }
        return clip;
    }
}
