package studio.magi.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import studio.magi.media.ClipReader;
import studio.magi.media.ImageFile;
import studio.magi.media.MediaException;
import studio.magi.project.Chunk;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.edit.AddShot;
import studio.magi.project.edit.Command;
import studio.magi.project.edit.CompositeCommand;
import studio.magi.project.store.MediaFile;
import studio.magi.project.store.MediaKind;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/**
 * Image and video files copied into the project's media/ folder, for the media bin or as new shots (one undoable
 * edit). Each is decoded first: a picture or video that cannot be, or a video shorter than a chunk, is refused with
 * the reason and not copied. Disk work off the FX thread.
 */
final class MediaImport {
    private final ProjectSession session;
    private final TaskExecutor tasks;
    private final UserDialogs dialogs;

    MediaImport(ProjectSession session, TaskExecutor tasks, UserDialogs dialogs) {
        this.session = session;
        this.tasks = tasks;
        this.dialogs = dialogs;
    }

    /** Copies the files and adds a shot starting from each, from shot {@code index} on. */
    void asShots(List<Path> files, int index) {
        ProjectFolder target = session.folder();
        tasks.run(() -> copy(target, files), result -> {
            if (session.folder() != target) {
                return;
            }
            session.showMedia(result.media());
            result.asShots(Math.max(0, Math.min(index, session.project().shots().size()))).ifPresent(session::execute);
            reportRefused(result.refused());
        }, e -> dialogs.showError("Import failed", ProjectSession.message(e)));
    }

    /** Copies the files for the media bin. */
    void toBin(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        ProjectFolder target = session.folder();
        tasks.run(() -> copy(target, files), result -> {
            if (session.folder() == target) {
                session.showMedia(result.media());
            }
            reportRefused(result.refused());
        }, e -> dialogs.showError("Import failed", ProjectSession.message(e)));
    }

    private void reportRefused(List<String> refused) {
        if (!refused.isEmpty()) {
            dialogs.showError("Not imported", String.join("\n", refused));
        }
    }

    /** What an import copied (with each video's whole seconds), what it refused and why, and media/ after it. */
    record Imported(List<MediaFile> imported, List<Integer> seconds, List<String> refused, List<MediaFile> media) {
        /** A shot starting from each file copied, inserted from shot {@code at} on, as one edit; none if none was. */
        Optional<Command> asShots(int at) {
            List<Command> adds = new ArrayList<>();
            for (int i = 0; i < imported.size(); i++) {
                MediaFile m = imported.get(i);
                ShotStart start = m.kind() == MediaKind.IMAGE ? ShotStart.image(m.name())
                        : ShotStart.video(m.name(), seconds.get(i));
                adds.add(new AddShot(at + i, Shot.create(start, Chunk.create("", Chunk.randomSeed()))));
            }
            return adds.size() <= 1 ? adds.stream().findFirst()
                    : Optional.of(new CompositeCommand("Add " + adds.size() + " Shots from Media", adds));
        }
    }

    static Imported copy(ProjectFolder target, List<Path> files) throws IOException {
        List<MediaFile> imported = new ArrayList<>();
        List<Integer> seconds = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            try {
                int s = checkDecodes(f);
                imported.add(target.importMedia(f));
                seconds.add(s);
            } catch (ProjectFileException e) {
                refused.add(e.getMessage());
            } catch (MediaException e) {
                refused.add(e.getMessage() + "; nothing was imported.");
            }
        }
        return new Imported(imported, seconds, refused, target.media());
    }

    /** Returns a video's whole seconds (0 for a picture, and for what is neither: the folder refuses that). */
    private static int checkDecodes(Path f) throws IOException {
        Optional<MediaKind> kind = MediaKind.of(f);
        if (kind.isEmpty() || !Files.isRegularFile(f)) {
            return 0;
        }
        if (kind.get() == MediaKind.IMAGE) {
            ImageFile.read(f);
            return 0;
        }
        int frames = ClipReader.read(f).size();
        if (frames < Chunk.FRAMES) {
            throw new MediaException(f.getFileName() + " has " + frames + " frames: a shot continues at least one whole"
                    + " second (" + Chunk.FRAMES + " frames) of video");
        }
        return frames / Chunk.FRAMES;
    }
}
