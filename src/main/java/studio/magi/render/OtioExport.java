package studio.magi.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import studio.magi.media.Staging;

/**
 * The film as an OpenTimelineIO timeline ({@code .otio}, {@link OtioTimeline}): it points at the renders and the
 * video files rather than copying them; still each chunk's render is read whole, as the MP4 and PNG exports read it,
 * and each video start's file decoded to its end, so that a timeline never points at a damaged render or a cut video.
 */
final class OtioExport implements FilmWriter {
    @Override
    public FilmExport.Outcome write(ExportRun run) throws ExportException {
        RenderedFilm film = run.film();
        Path out = run.out();
        ArrayNode clips = OtioTimeline.clips();
        boolean complete = run.eachPiece(piece -> clips.add(piece instanceof RenderedFilm.Entry e
                ? OtioTimeline.clip(e, FilmFrames.whole(film, e).count(), film.store().folder(e.key()))
                : OtioTimeline.clip((RenderedFilm.Start) piece, FilmFrames.videoLength((RenderedFilm.Start) piece))));
        if (!complete) {
            return FilmExport.Outcome.CANCELLED;
        }
        byte[] json;
        try {
            json = OtioTimeline.bytes(film.project().name(), clips);
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write the timeline (" + e.getMessage() + ")", e);
        }
        if (run.cancelled()) {
            return FilmExport.Outcome.CANCELLED;
        }
        Path temp = ExportStaging.beside(out, ".otio");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream stream = Channels.newOutputStream(channel);
                stream.write(json);
                stream.flush();
                // On disk before the rename: a crash leaves the older timeline or the whole new one.
                channel.force(true);
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return FilmExport.Outcome.WRITTEN;
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write the timeline (" + e.getMessage() + ")", e);
        } finally {
            Staging.remove(temp);
        }
    }
}
