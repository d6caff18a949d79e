package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.Frames;
import studio.magi.engine.ModelFactory;
import studio.magi.media.Clip;
import studio.magi.media.FfmpegTools;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
import studio.magi.media.Mp4Writer;
import studio.magi.media.TestClips;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;
import studio.magi.project.store.ProjectFolder;

/** Exporting a film rendered by the built-in model, as a user would check the files: ffprobe, the OTIO JSON, the PNGs. */
class FilmExportTest {
    static final Path CHECKPOINT = Path.of("ckpt", "nano");
    static final String FIRST = "a red circle bouncing on a black background";
    static final String THIRD = "the circle turns blue";

    static final String CONTINUED = "the square keeps sliding right";
    /** The video the second project's shot continues: 60 frames, so 2 whole seconds (the first 12 frames left out). */
    static final int VIDEO_FRAMES = 60;

    @TempDir
    static Path projectDir;
    static Project project;
    static RenderModel model;

    /** A project whose one shot continues a video (2 whole seconds) with 1 rendered chunk. */
    @TempDir
    static Path videoDir;
    static Project videoProject;

    @TempDir
    Path out;

    /** Renders a 3-chunk film once: chunk 2 carries chunk 1's prompt, chunk 3 has its own and a chosen take (seed 99). */
    @BeforeAll
    static void render() throws Exception {
        model = RenderModel.of(CHECKPOINT);
        ShotSettings fast = ShotSettings.DEFAULT.withSteps(4).withCfgNumber(1).withWindow(2);
        List<Chunk> chunks = List.of(Chunk.create(FIRST, 7), Chunk.create("", 8),
                new Chunk(UUID.randomUUID(), THIRD, 9, List.of(new Take(99, "0".repeat(64))), 0));
        Shot shot = new Shot(UUID.randomUUID(), ShotStart.NOTHING, fast, chunks);
        String takeKey = ChunkKeys.of(shot, ChunkKeys.startKey(shot, null), model).get(2);
        shot = shot.withChunk(2, new Chunk(chunks.get(2).id(), THIRD, 9, List.of(new Take(99, takeKey)), 0));
        project = new Project("Export test", List.of(shot));
        BoardWatch watch = new BoardWatch();
        try (DevicePool pool = DevicePool.open(List.of(DeviceName.CPU), d -> ModelFactory.installed().load(CHECKPOINT, d));
             RenderService service = new RenderService(pool, model, watch)) {
            service.show(project, projectDir);
            service.renderAll();
            watch.await("three chunks rendered", b -> project.shots().get(0).chunks().stream()
                    .allMatch(c -> b.status(c.id()).done()));

            Path made = videoDir.resolve("made").resolve("clip.mp4");
            Files.createDirectories(made.getParent());
            Mp4Writer.write(TestClips.movingSquare(48, 48, VIDEO_FRAMES), made);
            String media = ProjectFolder.at(videoDir).importMedia(made).name();
            assertEquals("media/clip.mp4", media);
            videoProject = new Project("Continued", List.of(new Shot(UUID.randomUUID(), ShotStart.video(media, 2), fast,
                    List.of(Chunk.create(CONTINUED, 11)))));
            service.show(videoProject, videoDir);
            service.renderAll();
            watch.await("the continuation rendered", b -> b.status(videoProject.shots().get(0).chunks().get(0).id()).done());
        }
    }

    static RenderedFilm videoFilm() throws Exception {
        return RenderedFilm.of(videoProject, videoDir, model);
    }

    static RenderedFilm film() throws Exception {
        return RenderedFilm.of(project, projectDir, model);
    }

    @Test
    void anMp4IsH264Yuv420pAt24FpsWithEveryFrameAndTheProgressEndsWhenItIsComplete() throws Exception {
        Path mp4 = out.resolve("film.mp4");
        List<int[]> progress = new ArrayList<>();
        FilmExport.Outcome outcome = FilmExport.export(film(), FilmExport.Format.MP4, mp4,
                (done, total) -> progress.add(new int[] {done, total}), () -> false);
        assertEquals(FilmExport.Outcome.WRITTEN, outcome);
        Map<String, String> probe = probe(mp4);
        assertEquals("h264", probe.get("codec_name"), probe.toString());
        assertEquals("yuv420p", probe.get("pix_fmt"), probe.toString());
        assertEquals("24/1", probe.get("r_frame_rate"), probe.toString());
        assertEquals("72", probe.get("nb_read_frames"), probe.toString());
        assertEquals(List.of("film.mp4"), names(out), "nothing else is left beside it");
        assertEquals(List.of("0/3", "1/3", "2/3", "3/3"), progress.stream().map(p -> p[0] + "/" + p[1]).toList());
    }

    @Test
    void anOtioTimelineHasAClipPerChunkWithItsPromptSeedAndTakeAndPointsAtItsFrames() throws Exception {
        Path otio = out.resolve("film.otio");
        Files.writeString(otio, "an older export");
        assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(film(), FilmExport.Format.OTIO, otio, null, null));
        JsonNode timeline = new ObjectMapper().readTree(otio.toFile());
        assertEquals("Timeline.1", timeline.path("OTIO_SCHEMA").asText());
        assertEquals("Export test", timeline.path("name").asText());
        JsonNode stack = timeline.path("tracks");
        assertEquals("Stack.1", stack.path("OTIO_SCHEMA").asText());
        assertEquals(1, stack.path("children").size());
        JsonNode track = stack.path("children").get(0);
        assertEquals("Track.1", track.path("OTIO_SCHEMA").asText());
        assertEquals("Video", track.path("kind").asText());
        JsonNode clips = track.path("children");
        assertEquals(3, clips.size());
        List<String> prompts = List.of(FIRST, FIRST, THIRD);
        List<Long> seeds = List.of(7L, 8L, 99L);
        for (int i = 0; i < 3; i++) {
            JsonNode clip = clips.get(i);
            assertEquals("Clip.1", clip.path("OTIO_SCHEMA").asText());
            assertEquals("Shot 1 \u00b7 Chunk " + (i + 1), clip.path("name").asText());
            JsonNode magi = clip.path("metadata").path("magi");
            assertEquals(prompts.get(i), magi.path("prompt").asText(), "chunk " + (i + 1) + " as it is rendered");
            assertEquals(seeds.get(i), magi.path("seed").asLong());
            assertEquals(1, magi.path("shot").asInt());
            assertEquals(i + 1, magi.path("chunk").asInt());
            assertEquals(film().chunks().get(i).key(), magi.path("render_key").asText());
            if (i < 2) {
                assertTrue(magi.has("take") && magi.get("take").isNull(), magi.toString());
            } else {
                assertEquals(1, magi.path("take").asInt(), "the chosen take, counted as the studio shows it");
            }
            JsonNode range = clip.path("source_range");
            assertEquals("TimeRange.1", range.path("OTIO_SCHEMA").asText());
            assertEquals(24.0, range.path("duration").path("value").asDouble());
            assertEquals(24.0, range.path("duration").path("rate").asDouble());
            assertEquals(0.0, range.path("start_time").path("value").asDouble());

            JsonNode ref = clip.path("media_reference");
            assertEquals("ImageSequenceReference.1", ref.path("OTIO_SCHEMA").asText());
            assertEquals("frame-", ref.path("name_prefix").asText());
            assertEquals(".png", ref.path("name_suffix").asText());
            assertEquals(4, ref.path("frame_zero_padding").asInt());
            assertEquals(0, ref.path("start_frame").asInt());
            assertEquals(1, ref.path("frame_step").asInt());
            assertEquals(24.0, ref.path("rate").asDouble());
            assertEquals("error", ref.path("missing_frame_policy").asText());
            String base = ref.path("target_url_base").asText();
            assertTrue(base.startsWith("file:/") && base.endsWith("/"), base);
            Path folder = Path.of(URI.create(base));
            assertTrue(folder.isAbsolute() && Files.isDirectory(folder), base);
            assertEquals(projectDir.resolve("renders").toRealPath(), folder.getParent().toRealPath());
            for (int f = 0; f < 24; f++) {
                String name = ref.path("name_prefix").asText()
                        + String.format(Locale.ROOT, "%0" + ref.path("frame_zero_padding").asInt() + "d", f)
                        + ref.path("name_suffix").asText();
                assertTrue(Files.isRegularFile(folder.resolve(name)), folder.resolve(name).toString());
            }
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(24, files.filter(p -> p.toString().endsWith(".png")).count());
            }
        }
        assertEquals(List.of("film.otio"), names(out), "the older export was replaced by a rename, nothing left beside it");
    }

    @Test
    void aPngSequenceHoldsEveryFrameInFilmOrderAndAnExistingFolderIsRefused() throws Exception {
        Path frames = out.resolve("frames");
        RenderedFilm film = film();
        assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(film, FilmExport.Format.PNG, frames, null, null));
        List<String> names = names(frames);
        assertEquals(72, names.size());
        assertEquals("frame-000000.png", names.get(0));
        assertEquals("frame-000071.png", names.get(71));
        assertArrayEquals(Files.readAllBytes(film.store().folder(film.chunks().get(1).key()).resolve("frame-0000.png")),
                Files.readAllBytes(frames.resolve("frame-000024.png")), "frame 24 is the second chunk's first");
        assertEquals(List.of("frames"), names(out));

        ExportException again = assertThrows(ExportException.class,
                () -> FilmExport.export(film, FilmExport.Format.PNG, frames, null, null));
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
        assertEquals(72, names(frames).size(), "the existing folder is left as it was");
        assertEquals(List.of("frames"), names(out));
    }

    @Test
    void aFilmWithAStaleChunkIsRefusedNamingItAndNothingIsWritten() throws Exception {
        Shot shot = project.shots().get(0);
        Project changed = project.withShot(0, shot.withChunk(1, shot.chunks().get(1).withPrompt("the circle slides right")));
        RenderedFilm stale = RenderedFilm.of(changed, projectDir, model);
        for (FilmExport.Format format : FilmExport.Format.values()) {
            Path target = out.resolve("later").resolve("film." + format.word());
            ExportException refused = assertThrows(ExportException.class,
                    () -> FilmExport.export(stale, format, target, null, null));
            assertTrue(refused.getMessage().contains("shot 1: chunk 2, 3"), refused.getMessage());
        }
        assertEquals(List.of(), names(out), "not even the folder was made");
    }

    @Test
    void aCancelledExportLeavesNothingAtTheTarget() throws Exception {
        RenderedFilm film = film();
        for (FilmExport.Format format : FilmExport.Format.values()) {
            Path target = out.resolve("new").resolve("film." + format.word());
            int[] seen = {0};
            FilmExport.Outcome outcome = FilmExport.export(film, format, target, (done, total) -> seen[0] = done,
                    () -> seen[0] >= 2);
            assertEquals(FilmExport.Outcome.CANCELLED, outcome, format.word());
            assertEquals(2, seen[0], "it stopped between chunks");
        }
        assertEquals(List.of(), names(out), "no file, no hidden leftover, not even the folder it made");

        Path kept = out.resolve("kept.mp4");
        Files.writeString(kept, "the previous export");
        assertEquals(FilmExport.Outcome.CANCELLED,
                FilmExport.export(film, FilmExport.Format.MP4, kept, null, () -> true));
        assertEquals("the previous export", Files.readString(kept), "an existing file is only replaced by a complete one");
        assertEquals(List.of("kept.mp4"), names(out));
    }

    @Test
    void targetsThatAreFoldersOrPartOfTheProjectAreRefused() throws Exception {
        RenderedFilm film = film();
        ExportException folder = assertThrows(ExportException.class,
                () -> FilmExport.export(film, FilmExport.Format.MP4, out, null, null));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
        ExportException own = assertThrows(ExportException.class,
                () -> FilmExport.export(film, FilmExport.Format.OTIO, projectDir.resolve("project.json"), null, null));
        assertTrue(own.getMessage().contains("part of the project"), own.getMessage());
        assertThrows(ExportException.class,
                () -> FilmExport.export(film, FilmExport.Format.PNG, projectDir.resolve("renders").resolve("x"), null, null));
        assertFalse(Files.exists(projectDir.resolve("renders").resolve("x")));
    }

    @Test
    void aShotsVideoStartComesBeforeItsChunksInTheMp4AndThePngFrames() throws Exception {
        RenderedFilm film = videoFilm();
        assertEquals(List.of(), film.missing(), "the continuation is rendered");
        assertEquals(2, film.pieces().size());
        RenderedFilm.Start start = assertInstanceOf(RenderedFilm.Start.class, film.pieces().get(0));
        assertEquals(new RenderedFilm.Start(0, "media/clip.mp4", videoDir.resolve("media").resolve("clip.mp4"), 2), start);
        assertInstanceOf(RenderedFilm.Entry.class, film.pieces().get(1));
        assertEquals(72, film.frames());
        assertEquals(videoProject.frames(), film.frames());

        Path mp4 = out.resolve("film.mp4");
        List<String> progress = new ArrayList<>();
        assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(film, FilmExport.Format.MP4, mp4,
                (done, total) -> progress.add(done + "/" + total), () -> false));
        Map<String, String> probe = probe(mp4);
        assertEquals("72", probe.get("nb_read_frames"), "48 frames of the video, then the chunk's 24: " + probe);
        assertEquals(List.of("0/2", "1/2", "2/2"), progress, "the video start counts as a piece");

        Path frames = out.resolve("frames");
        assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(film, FilmExport.Format.PNG, frames, null, null));
        List<String> names = names(frames);
        assertEquals(72, names.size());
        assertEquals("frame-000071.png", names.get(71));
        Path chunkFolder = film.store().folder(film.chunks().get(0).key());
        Frame chunkFirst = ImageFile.read(chunkFolder.resolve("frame-0000.png"));
        Frame exportedFirst = ImageFile.read(frames.resolve("frame-000000.png"));
        assertEquals(chunkFirst.width(), exportedFirst.width(), "the video at the rendered chunks' size");
        assertEquals(chunkFirst.height(), exportedFirst.height());
        Frames shown = ShotMedia.prefix(start.file(), chunkFirst.width(), chunkFirst.height(), Chunk.FRAMES);
        assertEquals(48, shown.count());
        assertArrayEquals(shown.frame(0), exportedFirst.bytes(), "frame 0 is the video's frame 12, fitted");
        assertArrayEquals(shown.frame(47), ImageFile.read(frames.resolve("frame-000047.png")).bytes());
        assertArrayEquals(Files.readAllBytes(chunkFolder.resolve("frame-0000.png")),
                Files.readAllBytes(frames.resolve("frame-000048.png")), "frame 48 is the chunk's first");
        assertEquals(List.of("film.mp4", "frames"), names(out));
    }

    @Test
    void anOtioTimelineStartsTheShotWithAClipOfItsVideoFile() throws Exception {
        RenderedFilm film = videoFilm();
        Path otio = out.resolve("film.otio");
        assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(film, FilmExport.Format.OTIO, otio, null, null));
        JsonNode clips = new ObjectMapper().readTree(otio.toFile()).path("tracks").path("children").get(0).path("children");
        assertEquals(2, clips.size());

        JsonNode video = clips.get(0);
        assertEquals("Clip.1", video.path("OTIO_SCHEMA").asText());
        assertEquals("Shot 1 \u00b7 clip.mp4", video.path("name").asText());
        JsonNode ref = video.path("media_reference");
        assertEquals("ExternalReference.1", ref.path("OTIO_SCHEMA").asText());
        String url = ref.path("target_url").asText();
        assertTrue(url.startsWith("file:/"), url);
        assertEquals(videoDir.resolve("media").resolve("clip.mp4").toRealPath(), Path.of(URI.create(url)).toRealPath());
        assertEquals((double) VIDEO_FRAMES, ref.path("available_range").path("duration").path("value").asDouble());
        JsonNode range = video.path("source_range");
        assertEquals("TimeRange.1", range.path("OTIO_SCHEMA").asText());
        assertEquals(12.0, range.path("start_time").path("value").asDouble(), "the video's last 48 frames");
        assertEquals(24.0, range.path("start_time").path("rate").asDouble());
        assertEquals(48.0, range.path("duration").path("value").asDouble());
        assertEquals(24.0, range.path("duration").path("rate").asDouble());
        JsonNode magi = video.path("metadata").path("magi");
        assertEquals(1, magi.path("shot").asInt());
        assertEquals("video", magi.path("start").asText());
        assertEquals("media/clip.mp4", magi.path("media").asText());
        assertEquals(2, magi.path("seconds").asInt());

        JsonNode chunk = clips.get(1);
        assertEquals("Shot 1 \u00b7 Chunk 1", chunk.path("name").asText());
        assertEquals("ImageSequenceReference.1", chunk.path("media_reference").path("OTIO_SCHEMA").asText());
        assertEquals(CONTINUED, chunk.path("metadata").path("magi").path("prompt").asText());
        assertEquals(film.chunks().get(0).key(), chunk.path("metadata").path("magi").path("render_key").asText());
        assertEquals(List.of("film.otio"), names(out));
    }

    @Test
    void aShotWhoseVideoWasDeletedIsRefusedNamingItAndNothingIsWritten(@TempDir Path copy) throws Exception {
        try (Stream<Path> files = Files.walk(videoDir)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(videoDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        RenderedFilm before = RenderedFilm.of(videoProject, copy, model);
        assertEquals(List.of(), before.missing(), "the copy holds the renders");
        Files.delete(copy.resolve("media").resolve("clip.mp4"));
        RenderedFilm after = RenderedFilm.of(videoProject, copy, model);
        assertEquals(1, after.unreadable().size());
        for (RenderedFilm film : List.of(before, after)) {
            for (FilmExport.Format format : FilmExport.Format.values()) {
                Path target = out.resolve("later").resolve("film." + format.word());
                ExportException refused = assertThrows(ExportException.class,
                        () -> FilmExport.export(film, format, target, null, null));
                assertTrue(refused.getMessage().contains("shot 1's video media/clip.mp4 cannot be read"),
                        refused.getMessage());
                assertTrue(refused.getMessage().contains("not in the project folder"), refused.getMessage());
            }
        }
        assertEquals(List.of(), names(out), "not even the folder was made");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The video stream as ffprobe reads it from the file, frames counted by decoding. */
    private static Map<String, String> probe(Path file) throws Exception {
        Process p = FfmpegTools.start(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,pix_fmt,r_frame_rate,nb_read_frames",
                "-of", "default=noprint_wrappers=1", file.toString()));
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Map<String, String> fields = new HashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> fields.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return fields;
    }
}
