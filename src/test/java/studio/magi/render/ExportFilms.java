package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import studio.magi.media.FfmpegTools;
import studio.magi.media.Mp4Writer;
import studio.magi.media.TestClips;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;
import studio.magi.project.store.ProjectFolder;

/** The films the export tests write, rendered without a model ({@link SyntheticRenders}), and how they look at files. */
final class ExportFilms {
    static final String FIRST = "a red circle bouncing on a black background";
    static final String THIRD = "the circle turns blue";
    static final String CONTINUED = "the square keeps sliding right";
    /** The video a shot continues: 60 frames, so 2 whole seconds (the first 12 frames left out). */
    static final int VIDEO_FRAMES = 60;
    /** The rendered chunks' size; the video is 48x48 and is fitted to it. */
    static final int SIZE = 32;

    private ExportFilms() {
    }

    /** Three rendered chunks: the second carries the first's prompt, the third has its own and a chosen take (seed 99). */
    static RenderedFilm threeChunks(Path dir) throws Exception {
        List<Chunk> chunks = List.of(Chunk.create(FIRST, 7), Chunk.create("", 8),
                new Chunk(UUID.randomUUID(), THIRD, 9, List.of(new Take(99, "k")), 0));
        Project p = new Project("Export test", List.of(new Shot(UUID.randomUUID(), ShotStart.NOTHING,
                SyntheticRenders.FAST, chunks)));
        SyntheticRenders.renderAll(p, dir, SIZE, SIZE);
        return RenderedFilm.of(p, dir, SyntheticRenders.MODEL);
    }

    /** One shot that continues a video ({@code media/clip.mp4}, 2 whole seconds) with one rendered chunk. */
    static Project continuingAVideo(Path dir) throws Exception {
        Path made = Files.createDirectories(dir.resolve("made")).resolve("clip.mp4");
        Mp4Writer.write(TestClips.movingSquare(48, 48, VIDEO_FRAMES), made);
        String media = ProjectFolder.at(dir).importMedia(made).name();
        assertEquals("media/clip.mp4", media);
        Project p = new Project("Continued", List.of(new Shot(UUID.randomUUID(), ShotStart.video(media, 2),
                SyntheticRenders.FAST, List.of(Chunk.create(CONTINUED, 11)))));
        SyntheticRenders.renderAll(p, dir, SIZE, SIZE);
        return p;
    }

    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The video stream as ffprobe reads it from the file, frames counted by decoding. */
    static Map<String, String> probe(Path file) throws Exception {
        Process p = FfmpegTools.start(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,pix_fmt,r_frame_rate,nb_read_frames",
                "-of", "default=noprint_wrappers=1", file.toString()));
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ffprobe did not finish");
        }
        Map<String, String> fields = new HashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> fields.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return fields;
    }

    /** The writer's run, not cancelled, heard by no one. */
    static ExportRun run(RenderedFilm film, Path out) {
        return new ExportRun(film, out, FilmExport.Progress.NONE, () -> false);
    }
}
