package studio.magi.render;

/** Writes a film in one format ({@link FilmExport.Format}): an MP4, a PNG sequence, an OTIO timeline. */
interface FilmWriter {
    /**
     * Writes the run's film, piece after piece in film order, under a hidden name beside {@code run.out()}, and renames
     * it to that name when complete; a cancelled or failed export leaves nothing there. The film is checked already
     * ({@link ExportCheck}) and the folder above the target exists.
     */
    FilmExport.Outcome write(ExportRun run) throws ExportException;
}
