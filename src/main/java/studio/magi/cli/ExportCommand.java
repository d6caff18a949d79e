package studio.magi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.magi.engine.magi.CheckpointException;
import studio.magi.project.Project;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;
import studio.magi.render.ExportException;
import studio.magi.render.FilmExport;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderedFilm;

/** {@code ./magi export PROJECT --format mp4|png|otio --out PATH}: a project's rendered film, out of the studio. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports a project's rendered film: an MP4 (H.264, 24 fps), a new folder of PNG frames",
            "(frame-000000.png... in film order), or an OpenTimelineIO timeline (.otio) with a clip per chunk that",
            "points at the chunk's frames in the project's renders/ and carries its prompt, seed and take as metadata.",
            "A shot that continues a video shows its last whole seconds first, in every format (the timeline points at",
            "the video file). Every chunk must be rendered for what it says now (render them in the studio, or with the",
            "same model), and every shot's video must be in the project; otherwise nothing is written. The export is",
            "written beside PATH and renamed when complete."})
final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "the project folder (one with a project.json)")
    Path project;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "mp4, png or otio (default: from the --out file's extension, .mp4 or .otio).")
    String format;

    @Option(names = {"--out", "-o"}, paramLabel = "PATH", required = true,
            description = "The MP4 or .otio file to write (an existing one is replaced once the new one is complete),"
                    + " or the new folder for the PNG frames.")
    Path out;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The checkpoint the film was rendered with (default: the built-in ckpt/nano).")
    Path model;

    @Override
    public void run() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FilmExport.Format chosen = chosenFormat();
        ProjectFolder folder = ProjectFolder.at(project);
        Project film;
        try {
            film = folder.open();
            if (folder.newerAutosave().isPresent()) {
                err.println("magi: note: " + folder.autosaveFile() + " has edits that are not saved; exporting "
                        + folder.projectFile() + " as it was saved");
            }
        } catch (ProjectFileException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(folder.dir() + ": cannot read the project folder (" + e.getMessage() + ")", e);
        }
        RenderedFilm rendered = rendered(film, folder.dir(), renderModel());
        try {
            FilmExport.check(rendered, chosen, out);
        } catch (ExportException e) {
            throw new UserError(e.getMessage(), e);
        }
        int total = rendered.pieces().size();
        int chunks = rendered.chunks().size();
        int starts = total - chunks;
        ProgressBar bar = new ProgressBar(err, "exporting", total, starts == 0 ? "chunks" : "clips");
        int[] shown = {0};
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "export-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        FilmExport.Outcome outcome;
        try {
            outcome = FilmExport.export(rendered, chosen, out, (done, all) -> {
                while (shown[0] < done) {
                    bar.step();
                    shown[0]++;
                }
            }, interrupted::get);
        } catch (ExportException e) {
            bar.finish();
            throw new UserError(e.getMessage(), e);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it has what it waited for.
            }
        }
        bar.finish();
        if (outcome == FilmExport.Outcome.CANCELLED) {
            throw new UserError("export interrupted; nothing was written to " + out);
        }
        int startSeconds = rendered.starts().stream().mapToInt(RenderedFilm.Start::seconds).sum();
        stdout.println("wrote " + out + ": " + chosen.what() + ", " + chunks + (chunks == 1 ? " chunk, " : " chunks, ")
                + (starts == 0 ? "" : startSeconds + (startSeconds == 1 ? " second" : " seconds") + " of "
                        + (starts == 1 ? "the video a shot continues, " : "the videos shots continue, "))
                + rendered.frames() + " frames");
        stdout.flush();
    }

    private FilmExport.Format chosenFormat() {
        if (format != null) {
            return FilmExport.Format.named(format).orElseThrow(
                    () -> new UserError("--format must be mp4, png or otio, got " + format));
        }
        return FilmExport.Format.ofFileName(out).orElseThrow(
                () -> new UserError("say what to write: --format mp4, png or otio (" + out + " has no .mp4 or .otio extension)"));
    }

    private RenderModel renderModel() {
        Path folder = model == null ? ModelFolder.builtIn() : model;
        try {
            return RenderModel.of(folder);
        } catch (CheckpointException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(folder + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static RenderedFilm rendered(Project film, Path dir, RenderModel model) {
        try {
            return RenderedFilm.of(film, dir, model);
        } catch (ProjectFileException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot read the project's media or renders (" + e.getMessage() + ")", e);
        }
    }
}
