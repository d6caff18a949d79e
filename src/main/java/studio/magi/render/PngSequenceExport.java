package studio.magi.render;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import studio.magi.engine.Frames;
import studio.magi.media.Frame;
import studio.magi.media.Staging;

/**
 * The film as a new folder of PNG frames, {@code frame-000000.png}... in film order: a chunk's frames are its
 * render's files, copied; a video start's are written at the film's size. An existing folder is never written into.
 */
final class PngSequenceExport implements FilmWriter {
    /** The digits of the frame numbers (more for a film of a million frames or more). */
    static final int DIGITS = 6;

    @Override
    public FilmExport.Outcome write(ExportRun run) throws ExportException {
        RenderedFilm film = run.film();
        Path out = run.out();
        String pattern = "frame-%0" + Math.max(DIGITS, String.valueOf(film.frames() - 1).length()) + "d.png";
        Path temp = ExportStaging.beside(out, "");
        boolean moved = false;
        try {
            FilmFrames source = new FilmFrames(film);
            int[] next = {0};
            boolean complete = run.eachPiece(piece -> {
                Frames f = source.read(piece);
                try {
                    for (int k = 0; k < f.count(); k++) {
                        Path to = temp.resolve(String.format(Locale.ROOT, pattern, next[0]++));
                        if (piece instanceof RenderedFilm.Entry e) {
                            Files.copy(film.store().folder(e.key()).resolve(RenderStore.frameName(k)), to);
                        } else if (!ImageIO.write(Frame.of(f.width(), f.height(), f.frame(k)).toImage(), "png", to.toFile())) {
                            throw new IOException("no PNG writer available");
                        }
                    }
                } catch (IOException e) {
                    throw cannotWrite(out, e);
                }
            });
            if (!complete || run.cancelled()) {
                return FilmExport.Outcome.CANCELLED;
            }
            Files.move(temp, out);
            moved = true;
            return FilmExport.Outcome.WRITTEN;
        } catch (FileAlreadyExistsException e) {
            throw new ExportException(out + ": appeared while exporting; the PNG frames go into a new folder", e);
        } catch (IOException e) {
            throw cannotWrite(out, e);
        } finally {
            if (!moved) {
                Staging.remove(temp);
            }
        }
    }

    private static ExportException cannotWrite(Path out, IOException e) {
        return new ExportException(out + ": cannot write the PNG frames (" + e.getMessage() + ")", e);
    }
}
