package studio.magi.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import studio.magi.engine.Frames;
import studio.magi.media.ClipReader;
import studio.magi.project.Chunk;
import studio.magi.project.ShotStart;

/**
 * The film's frames as the exports read them, piece by piece in film order, at one size: a chunk's from its render, a
 * shot's video start from the video, fitted to the size of the film's chunks (as the model saw it). Each refusal names
 * the chunk or the shot and its file.
 */
final class FilmFrames {
    private final RenderedFilm film;
    private int width = -1;
    private int height = -1;

    FilmFrames(RenderedFilm film) {
        this.film = film;
    }

    /** The piece's frames; every piece must have the size of the first. */
    Frames read(RenderedFilm.Piece piece) throws ExportException {
        if (piece instanceof RenderedFilm.Entry e) {
            Frames f = whole(film, e);
            sameSize(e, f.width(), f.height());
            return f;
        }
        sizeOfFirstChunk();
        RenderedFilm.Start s = (RenderedFilm.Start) piece;
        Frames all;
        try {
            all = ShotMedia.prefix(s.file(), width, height, Chunk.FRAMES);
        } catch (RuntimeException ex) {
            throw new ExportException(unreadable(s, ex.getMessage()), ex);
        }
        if (all.count() < s.frames()) {
            throw tooShort(s, all.count());
        }
        return all.range(all.count() - s.frames(), all.count());
    }

    /**
     * A chunk's frames, every one decoded whole ({@link RenderStore#read}), or a refusal naming the chunk: a frame cut
     * short makes the render damaged. Any size (the timeline has no one size; {@link #read} checks it).
     */
    static Frames whole(RenderedFilm film, RenderedFilm.Entry e) throws ExportException {
        return film.store().read(e.key()).orElseThrow(() -> damaged(film, e)).frames();
    }

    /**
     * How many frames a chunk's render says it holds, its files looked at (there, regular files) without decoding
     * them: a refusal before any export starts. A frame is decoded only when the export reads it ({@link #whole}).
     */
    static int count(RenderedFilm film, RenderedFilm.Entry e) throws ExportException {
        Path folder = film.store().folder(e.key());
        try {
            JsonNode meta = film.store().meta(e.key());
            int frames = meta.path("frames").asInt();
            if (frames < 1 || !e.key().equals(meta.path("key").asText())) {
                throw damaged(film, e);
            }
            for (int k = 0; k < frames; k++) {
                if (!Files.isRegularFile(folder.resolve(RenderStore.frameName(k)), LinkOption.NOFOLLOW_LINKS)) {
                    throw damaged(film, e);
                }
            }
            return frames;
        } catch (IOException ex) {
            throw damaged(film, e);
        }
    }

    /** How many frames a video start's file holds, checked to have the whole seconds the shot shows. */
    static int videoLength(RenderedFilm.Start s) throws ExportException {
        int total;
        try {
            total = ClipReader.read(s.file()).size();
        } catch (RuntimeException e) {
            throw new ExportException(unreadable(s, e.getMessage()), e);
        }
        if (total / Chunk.FRAMES * Chunk.FRAMES < s.frames()) {
            throw tooShort(s, total);
        }
        return total;
    }

    /** "shot 2's video media/clip.mp4 cannot be read (why)". */
    static String unreadable(RenderedFilm.Start s, String why) {
        return new RenderedFilm.Unreadable(s.shot(), ShotStart.Kind.VIDEO, s.media(), why).describe();
    }

    static ExportException damaged(RenderedFilm film, RenderedFilm.Entry e) {
        return new ExportException("shot " + (e.shot() + 1) + ", chunk " + (e.chunk() + 1) + ": its render in "
                + film.store().folder(e.key()) + " cannot be read; render it again");
    }

    private static ExportException tooShort(RenderedFilm.Start s, int frames) {
        int whole = frames / Chunk.FRAMES;
        return new ExportException("shot " + (s.shot() + 1) + "'s video " + s.media() + " has " + whole
                + (whole == 1 ? " whole second" : " whole seconds") + " (" + frames + " frames), the shot shows "
                + s.seconds() + "; the file changed since the shot was made");
    }

    /** The film's frame width: known after the first piece is read, or after {@link #sizeOfFirstChunk}. */
    int width() {
        return width;
    }

    /** The film's frame height (see {@link #width}). */
    int height() {
        return height;
    }

    /**
     * A video start comes at the film's size: the first rendered chunk's (every chunk has the model's). The MP4 is
     * opened at it before any frame is read.
     */
    void sizeOfFirstChunk() throws ExportException {
        if (width >= 0) {
            return;
        }
        RenderedFilm.Entry first = film.chunks().get(0);
        try {
            JsonNode meta = film.store().meta(first.key());
            int w = meta.path("width").asInt();
            int h = meta.path("height").asInt();
            if (w < 1 || h < 1) {
                throw damaged(film, first);
            }
            width = w;
            height = h;
        } catch (IOException ex) {
            throw damaged(film, first);
        }
    }

    /** One film has one frame size: the MP4 and the PNG folder need it. */
    private void sameSize(RenderedFilm.Entry e, int w, int h) throws ExportException {
        if (width < 0) {
            width = w;
            height = h;
        } else if (w != width || h != height) {
            throw new ExportException("shot " + (e.shot() + 1) + ", chunk " + (e.chunk() + 1) + " is " + w + "x" + h
                    + ", the chunks before it are " + width + "x" + height + ": a film is exported at one size");
        }
    }
}
