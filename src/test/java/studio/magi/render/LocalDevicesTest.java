package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.engine.ModelFactory;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;

/** This machine's devices as a render target, on the built-in model: runs render in order, continue, fail, cancel. */
class LocalDevicesTest {
    private static DevicePool pool;
    private static GatedModel gate;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        pool = DevicePool.open(List.of(DeviceName.CPU), d -> {
            gate = new GatedModel(ModelFactory.installed().load(RenderServiceTest.CHECKPOINT, d));
            return gate;
        });
    }

    @AfterEach
    void openTheGate() {
        gate.open();
    }

    @AfterAll
    static void unload() {
        pool.close();
    }

    /** Hears a run as events in order; what it is handed it keeps. */
    private static final class Heard implements RenderTarget.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<Frames> frames = new ArrayList<>();
        final List<Latent> latents = new ArrayList<>();

        @Override
        public void waiting(String state) {
            events.add("waiting " + state);
        }

        @Override
        public void step(int chunk, int done, int steps) {
            events.add("step " + chunk);
        }

        @Override
        public void stored(int chunk) {
            events.add("stored " + chunk);
        }

        @Override
        public synchronized void rendered(int chunk, Frames f, Latent latent) {
            frames.add(f);
            latents.add(latent);
            events.add("rendered " + chunk);
        }

        @Override
        public void ended() {
            events.add("ended");
        }

        @Override
        public void failed(String reason) {
            events.add("failed: " + reason);
        }

        /** The events up to the run's end, which it returns. */
        List<String> untilTheEnd() throws InterruptedException {
            List<String> seen = new ArrayList<>();
            while (true) {
                String e = events.poll(60, TimeUnit.SECONDS);
                assertNotNull(e, "the run ended; it said " + seen);
                seen.add(e);
                if (e.equals("ended") || e.startsWith("failed")) {
                    return seen;
                }
            }
        }
    }

    private static ChunkRun run(Shot s, int from, int count, List<String> history) {
        List<ChunkRun.PlannedChunk> chunks = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            chunks.add(new ChunkRun.PlannedChunk(s.chunks().get(i).id(), i, "%064d".formatted(i), s.effectivePrompt(i), 7 + i));
        }
        return new ChunkRun(1, s.id(), false, chunks, s.settings(), ShotStart.Kind.NOTHING, null, List.of(), history,
                s.chunks().size() - from);
    }

    @Test
    void aRunRendersItsChunksInOrderAtTheModelsSizeThenEnds() throws Exception {
        Shot s = film(2).shots().get(0);
        Heard heard = new Heard();
        try (LocalDevices devices = new LocalDevices(pool)) {
            assertEquals(1, devices.capacity(), "one run per device");
            devices.start(run(s, 0, 2, List.of()), RenderStore.open(dir), heard);
            List<String> events = heard.untilTheEnd();
            assertEquals(List.of("rendered 0", "rendered 1", "ended"),
                    events.stream().filter(e -> !e.startsWith("step")).toList());
            assertTrue(events.indexOf("step 0") < events.indexOf("rendered 0"), events.toString());
            for (Frames f : heard.frames) {
                assertEquals(devices.chunkShape().frames(), f.count());
                assertEquals(devices.chunkShape().width(), f.width());
            }
        }
    }

    @Test
    void aRunContinuesTheHistoryItNamesAndFailsWithAReasonWhenThatIsNotInRenders() throws Exception {
        Shot s = film(2).shots().get(0);
        RenderStore store = RenderStore.open(dir);
        String first = "%064d".formatted(0);
        try (LocalDevices devices = new LocalDevices(pool)) {
            Heard missing = new Heard();
            devices.start(run(s, 1, 1, List.of(first)), store, missing);
            assertEquals(List.of("failed: the render of chunk 1 is missing or damaged; render the shot again"),
                    missing.untilTheEnd());

            Heard rendered = new Heard();
            devices.start(run(s, 0, 1, List.of()), store, rendered);
            rendered.untilTheEnd();
            store.write(new StoredChunk(first, s.chunks().get(0).id(), s.id(), 0, s.effectivePrompt(0), 7,
                    rendered.frames.get(0), rendered.latents.get(0)));
            Heard continued = new Heard();
            devices.start(run(s, 1, 1, List.of(first)), store, continued);
            assertEquals(List.of("rendered 0", "ended"),
                    continued.untilTheEnd().stream().filter(e -> !e.startsWith("step")).toList());
        }
    }

    @Test
    void aCancelledRunStopsBetweenStepsAndEndsWithoutFailing() throws Exception {
        Shot s = film(3).shots().get(0);
        Heard heard = new Heard();
        gate.hold();
        try (LocalDevices devices = new LocalDevices(pool)) {
            RenderTarget.Running running = devices.start(run(s, 0, 3, List.of()), RenderStore.open(dir), heard);
            String first = heard.events.poll(60, TimeUnit.SECONDS);
            assertTrue(first != null && first.startsWith("step"), "it is rendering: " + first);
            running.cancel();
            gate.open();
            List<String> events = heard.untilTheEnd();
            assertEquals("ended", events.get(events.size() - 1));
            assertFalse(events.contains("rendered 2"), "it stopped part way: " + events);
        }
    }

    @Test
    void aRunCancelledBeforeAWorkerTakesItRendersNothing() throws Exception {
        Shot s = film(1).shots().get(0);
        gate.hold();
        Heard busy = new Heard();
        Heard waiting = new Heard();
        try (LocalDevices devices = new LocalDevices(pool)) {
            devices.start(run(s, 0, 1, List.of()), RenderStore.open(dir), busy);
            // One device: the second run waits for the first, held at the gate, and is cancelled while it waits.
            devices.start(run(s, 0, 1, List.of()), RenderStore.open(dir), waiting).cancel();
            gate.open();
            List<String> first = busy.untilTheEnd();
            assertEquals("ended", first.get(first.size() - 1));
            assertEquals(List.of("ended"), waiting.untilTheEnd());
        }
    }
}
