package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * The render service on the built-in model, on this machine's devices: what renders, what is kept, what goes stale,
 * what survives a restart. A test that must act while a chunk is still rendering holds the model's gate.
 */
class RenderServiceTest {
    static final Path CHECKPOINT = Path.of("ckpt", "nano");
    private static DevicePool pool;
    private static GatedModel gate;
    private static RenderModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        pool = DevicePool.open(List.of(DeviceName.CPU), d -> {
            gate = new GatedModel(ModelFactory.installed().load(CHECKPOINT, d));
            return gate;
        });
        model = new RenderModel(RenderModel.digestOf(CHECKPOINT), pool.durationTokens());
    }

    @AfterEach
    void openTheGate() {
        gate.open();
    }

    @AfterAll
    static void unload() {
        pool.close();
    }

    static boolean allDone(RenderBoard b, Project p) {
        return p.shots().stream().flatMap(s -> s.chunks().stream()).allMatch(c -> b.status(c.id()).done());
    }

    static Project reprompt(Project p, int chunk, String prompt) {
        Shot s = p.shots().get(0);
        return p.withShot(0, s.withChunk(chunk, s.chunks().get(chunk).withPrompt(prompt)));
    }

    @Test
    void rendersEveryChunkThenReRendersOnlyFromTheChangedOne() throws Exception {
        BoardWatch watch = new BoardWatch();
        Project p = film(10);
        try (RenderService service = new RenderService(pool, model, watch)) {
            service.show(p, dir);
            watch.await("ten chunks not rendered", b -> p.shots().get(0).chunks().stream()
                    .allMatch(c -> b.status(c.id()).state() == ChunkStatus.State.NOT_RENDERED));
            service.renderAll();
            watch.await("all done", b -> allDone(b, p));
            assertEquals(10, service.renderedChunks());

            Project changed = reprompt(p, 7, "the circle turns blue");
            service.show(changed, dir);
            RenderBoard b = watch.await("7.. stale", x -> x.status(changed.shots().get(0).chunks().get(7).id())
                    .state() == ChunkStatus.State.STALE);
            for (int i = 0; i < 10; i++) {
                assertEquals(i < 7, b.status(changed.shots().get(0).chunks().get(i).id()).done(), "chunk " + i);
            }
            service.renderAll();
            watch.await("all done again", x -> allDone(x, changed));
            assertEquals(13, service.renderedChunks(), "re-prompting chunk 7 of 10 renders exactly chunks 7, 8 and 9");
            assertTrue(Files.isRegularFile(dir.resolve("renders").resolve(b.key(p.shots().get(0).chunks().get(0).id())
                    .orElseThrow()).resolve("frame-0023.png")));
        }
        try (RenderService reopened = new RenderService(pool, model, watch)) {
            Project again = reprompt(p, 7, "the circle turns blue");
            reopened.show(again, dir);
            watch.await("reopened: every chunk done without rendering", x -> allDone(x, again));
            assertEquals(0, reopened.renderedChunks());
            String key = watch.latest().key(again.shots().get(0).chunks().get(3).id()).orElseThrow();
            reopened.frames(key);
            watch.await("frames read back", x -> reopened.frames(key).isPresent());
            assertEquals(24, reopened.frames(key).orElseThrow().count());
        }
    }

    @Test
    void openingAProjectRemovesOnlyOldPartialChunksOfTheStudiosOwn() throws Exception {
        Path renders = Files.createDirectories(dir.resolve("renders"));
        Path old = Files.createDirectory(renders.resolve("." + "a".repeat(64) + ".part-" + UUID.randomUUID()));
        Files.writeString(old.resolve("frame-0000.png"), "half a chunk");
        Path young = Files.createDirectory(renders.resolve("." + "b".repeat(64) + ".part-" + UUID.randomUUID()));
        Path users = Files.writeString(renders.resolve(".notes.part-1"), "the user's");
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(old, twoDaysAgo);
        Files.setLastModifiedTime(users, twoDaysAgo);

        BoardWatch watch = new BoardWatch();
        Project p = film(1);
        try (RenderService service = new RenderService(pool, model, watch)) {
            service.show(p, dir);
            watch.await("the project is open", b -> b.status(p.shots().get(0).chunks().get(0).id()).state()
                    == ChunkStatus.State.NOT_RENDERED);
        }

        assertFalse(Files.exists(old), "a partial chunk of a render that died days ago is removed");
        assertTrue(Files.isDirectory(young), "a young one may be another studio's render in progress");
        assertEquals("the user's", Files.readString(users));
    }

    @Test
    void aCancelledRenderMarksDoneOnlyWhatWasWrittenAndAQuitResumesOnReopen() throws Exception {
        BoardWatch watch = new BoardWatch();
        Project p = film(12);
        List<Chunk> chunks = p.shots().get(0).chunks();
        gate.hold();
        try (RenderService service = new RenderService(new GatedDevices(pool, gate), model, watch)) {
            service.show(p, dir);
            service.renderAll();
            gate.let(1);
            watch.await("the first chunk arrives", b -> b.status(chunks.get(0).id()).done());
            // The second chunk waits at the gate: the cancel comes before it can land, however fast the machine.
            service.cancelAll();
            RenderBoard b = watch.await("nothing pending", x -> !x.busy());
            RenderStore store = RenderStore.open(dir);
            int done = 0;
            for (Chunk c : chunks) {
                boolean shown = b.status(c.id()).done();
                assertEquals(store.has(b.key(c.id()).orElseThrow()), shown, "done on screen iff on disk");
                assertFalse(b.status(c.id()).pending());
                done += shown ? 1 : 0;
            }
            assertTrue(done == 1 || done == 2, "cancelled with the second chunk at the gate: " + done);
            assertFalse(Files.exists(dir.resolve("renders").resolve(RenderQueueFile.NAME)), "a cancelled queue is not resumed");

            gate.hold();
            service.renderAll();
            watch.await("rendering again, held at the gate", RenderBoard::busy);
        }
        assertTrue(Files.exists(dir.resolve("renders").resolve(RenderQueueFile.NAME)), "quitting mid-render keeps the queue");
        try (RenderService reopened = new RenderService(pool, model, watch)) {
            reopened.show(p, dir);
            watch.await("the queue resumes on reopen", x -> allDone(x, p));
        }
        assertFalse(Files.exists(dir.resolve("renders").resolve(RenderQueueFile.NAME)), "a finished queue is gone");
    }
}
