package studio.magi.render;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One export as it goes: the film, the target ({@code out}, absolute), and who hears its progress and may cancel it.
 * Cancelling takes effect between pieces.
 */
record ExportRun(RenderedFilm film, Path out, FilmExport.Progress progress, BooleanSupplier cancel) {
    /** Writes one piece of the film. */
    interface PieceWriter {
        void write(RenderedFilm.Piece piece) throws ExportException;
    }

    boolean cancelled() {
        return cancel.getAsBoolean();
    }

    /**
     * Hands every piece to the writer in film order, reporting each; false when cancelled before one. The progress
     * reaches its total only once the export is complete under its name (see {@link FilmExport#export}).
     */
    boolean eachPiece(PieceWriter writer) throws ExportException {
        List<RenderedFilm.Piece> pieces = film.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            if (cancelled()) {
                return false;
            }
            writer.write(pieces.get(i));
            if (i + 1 < pieces.size()) {
                progress.update(i + 1, pieces.size());
            }
        }
        return true;
    }
}
