package studio.magi.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import studio.magi.media.Clip;
import studio.magi.media.ClipReader;
import studio.magi.media.MediaException;
import studio.magi.media.Mp4Writer;
import studio.magi.media.PngSequence;
import studio.magi.playground.ClipSource;
import studio.magi.playground.InvalidSceneException;
import studio.magi.playground.SceneSpec;
import studio.magi.playground.TruthScene;
import studio.magi.playground.World;

/**
 * A folder of playground clips: per scene NAME a spec NAME.json and a video NAME.mp4 (or .mov, .webm, .mkv, .avi)
 * or a folder NAME/ of PNG frames. Everything that goes wrong reading it is a {@link UserError} naming the file.
 */
final class ClipFolder {
    static final List<String> VIDEO_EXTENSIONS = List.of(".mp4", ".mov", ".webm", ".mkv", ".avi", ".m4v");

    private ClipFolder() {
    }

    /** The scene specs of a folder, by name. */
    static List<TruthScene> scenes(Path folder, World world) {
        requireFolder(folder);
        List<Path> specs;
        try (Stream<Path> listing = Files.list(folder)) {
            specs = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(folder + ": cannot list the folder (" + e.getMessage() + ")");
        }
        if (specs.isEmpty()) {
            throw new UserError(folder + ": no scene specs (*.json) in the folder");
        }
        List<TruthScene> scenes = new ArrayList<>();
        for (Path p : specs) {
            String file = p.getFileName().toString();
            try {
                scenes.add(new TruthScene(file.substring(0, file.length() - ".json".length()), SceneSpec.read(p, world)));
            } catch (InvalidSceneException e) {
                throw new UserError(e.getMessage());
            }
        }
        return scenes;
    }

    /** The clips of a folder, looked up by scene name; frame counts are checked against the scene. */
    static ClipSource source(Path folder, World world) {
        requireFolder(folder);
        try (Stream<Path> listing = Files.list(folder)) {
            if (listing.findAny().isEmpty()) {
                throw new UserError(folder + ": the folder is empty");
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(folder + ": cannot list the folder (" + e.getMessage() + ")");
        }
        return (scene, prefixChunks) -> {
            Path file = find(folder, scene.name());
            Clip clip;
            try {
                clip = ClipReader.read(file);
            } catch (MediaException e) {
                throw new UserError(e.getMessage());
            }
            int expected = scene.spec().chunks() * world.chunkFrames();
            if (clip.size() != expected) {
                throw new UserError(file + ": " + clip.size() + " frames, but its scene has " + scene.spec().chunks() + " chunks of "
                        + world.chunkFrames() + " frames (" + expected + ")");
            }
            return clip;
        };
    }

    /** The clip file (or PNG folder) of a scene. */
    static Path find(Path folder, String name) {
        Path frames = folder.resolve(name);
        if (Files.isDirectory(frames)) {
            return frames;
        }
        for (String ext : VIDEO_EXTENSIONS) {
            Path p = folder.resolve(name + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new UserError(folder + ": no clip for scene " + name + " (looked for " + name + ".mp4, .mov, .webm, .mkv, .avi, .m4v or a folder "
                + name + "/ of PNG frames)");
    }

    /** Writes a clip as NAME.mp4 or a folder NAME/ of PNG frames. */
    static void write(Clip clip, Path folder, String name, String format) {
        try {
            if (format.equals("png")) {
                PngSequence.write(clip, folder.resolve(name));
            } else {
                Mp4Writer.write(clip, folder.resolve(name + ".mp4"));
            }
        } catch (MediaException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** A folder to write into: new, or existing and empty, so nothing is ever written over. */
    static void prepareOutput(Path folder) {
        try {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) {
                    throw new UserError(folder + ": is a file; give a new or empty folder");
                }
                try (Stream<Path> listing = Files.list(folder)) {
                    if (listing.findAny().isPresent()) {
                        throw new UserError(folder + ": already holds files; give a new or empty folder");
                    }
                }
            } else {
                OutputPath.folder(folder);
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserError(folder + ": cannot create the folder (" + e.getMessage() + ")");
        }
    }

    private static void requireFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UserError(folder + ": no such folder");
        }
    }
}
