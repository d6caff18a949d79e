package studio.magi.render;

import studio.magi.engine.Frames;
import studio.magi.media.Frame;
import studio.magi.media.MediaException;
import studio.magi.media.Mp4Writer;

/**
 * The film as one MP4 (H.264, yuv420p, {@value FilmExport#RATE} fps): every piece's frames, in film order, encoded
 * piece by piece as they are read, so that a long film never waits in memory. {@link Mp4Writer} writes under a hidden
 * name beside the target and renames it when finished; closed unfinished (cancelled, or a piece refused), it leaves
 * nothing.
 */
final class Mp4Export implements FilmWriter {
    @Override
    public FilmExport.Outcome write(ExportRun run) throws ExportException {
        FilmFrames source = new FilmFrames(run.film());
        // The video is opened at the film's size before any piece is read: the first rendered chunk's.
        source.sizeOfFirstChunk();
        try (Mp4Writer video = Mp4Writer.open(run.out(), source.width(), source.height(), FilmExport.RATE,
                Mp4Writer.DEFAULT_CRF)) {
            boolean complete = run.eachPiece(piece -> {
                Frames f = source.read(piece);
                for (int k = 0; k < f.count(); k++) {
                    video.add(Frame.of(f.width(), f.height(), f.frame(k)));
                }
            });
            if (!complete || run.cancelled()) {
                return FilmExport.Outcome.CANCELLED;
            }
            video.finish();
            return FilmExport.Outcome.WRITTEN;
        } catch (MediaException e) {
            throw new ExportException(e.getMessage(), e);
        }
    }
}
