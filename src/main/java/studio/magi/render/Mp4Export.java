package studio.magi.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import studio.magi.engine.Frames;
import studio.magi.media.Clip;
import studio.magi.media.Frame;
import studio.magi.media.MediaException;
import studio.magi.media.Mp4Writer;
import studio.magi.media.Staging;

/** The film as one MP4 (H.264, yuv420p, {@value FilmExport#RATE} fps): every piece's frames, in film order. */
final class Mp4Export implements FilmWriter {
    @Override
    public FilmExport.Outcome write(ExportRun run) throws ExportException {
        FilmFrames source = new FilmFrames(run.film());
        List<Frame> frames = new ArrayList<>();
        boolean complete = run.eachPiece(piece -> {
            Frames f = source.read(piece);
            for (int k = 0; k < f.count(); k++) {
                frames.add(Frame.of(f.width(), f.height(), f.frame(k)));
            }
        });
        if (!complete || run.cancelled()) {
            return FilmExport.Outcome.CANCELLED;
        }
        Path out = run.out();
        Path temp = ExportStaging.beside(out, ".mp4");
        try {
            Mp4Writer.write(new Clip(FilmExport.RATE, frames), temp);
            if (run.cancelled()) {
                return FilmExport.Outcome.CANCELLED;
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return FilmExport.Outcome.WRITTEN;
        } catch (MediaException | IOException e) {
            throw new ExportException(out + ": cannot write the MP4 (" + e.getMessage() + ")", e);
        } finally {
            Staging.remove(temp);
        }
    }
}
