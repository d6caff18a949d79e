package studio.magi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.magi.engine.magi.Fixture;
import studio.magi.engine.magi.MagiModel;

/**
 * How the pool spreads renders over its devices. Two stand-in devices that do no arithmetic, each behind a gate the
 * test opens, so who renders what is decided by the pool and not by the machine's speed; each paints its number into
 * the frames, so a caller sees which device rendered its take.
 */
class DevicePoolTest {
    private static final long WAIT_S = 10;
    private static final ChunkShape SHAPE = new ChunkShape(4, 2, 2, 1, 1, 1, 1);
    private static final SamplerSettings SETTINGS = new SamplerSettings(4, 1, 1, 0, 1.0, List.of(2),
            new Guidance(List.of(0.0), List.of(1.0), List.of(1.0)));

    private final BlockingQueue<Device> arrivals = new LinkedBlockingQueue<>();
    private final List<Device> devices = new ArrayList<>();
    private DevicePool pool;
    private ExecutorService callers;

    @BeforeEach
    void open() {
        pool = DevicePool.open(List.of(DeviceName.CPU, DeviceName.CPU), d -> {
            Device device = new Device(devices.size());
            devices.add(device);
            return device;
        });
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() {
        devices.forEach(Device::openGate);
        callers.shutdownNow();
        pool.close();
    }

    @Test
    void takesGivenAtOnceGoToBothDevicesEvenlyOneAtATimeOnEach() throws Exception {
        List<Future<Integer>> takes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            takes.add(submit());
        }
        // Equal speed: each round both devices start a take, then both finish; seven takes are three rounds and one.
        for (int round = 0; round < 3; round++) {
            Device first = arrival();
            Device second = arrival();
            assertNotEquals(first, second, "round " + round + ": both devices render, neither waits");
            first.let();
            second.let();
        }
        devices.forEach(Device::openGate);
        int[] perDevice = new int[2];
        for (Future<Integer> take : takes) {
            perDevice[take.get(WAIT_S, TimeUnit.SECONDS)]++;
        }
        assertEquals(7, perDevice[0] + perDevice[1]);
        assertTrue(Math.abs(perDevice[0] - perDevice[1]) <= 1, "split " + perDevice[0] + "/" + perDevice[1]);
        for (Device d : devices) {
            assertEquals(1, d.mostAtOnce.get(), "device " + d.number + " renders one take at a time");
        }
    }

    @Test
    void aBusyDeviceDoesNotHoldUpTheOther() throws Exception {
        Future<Integer> stuck = submit();
        Device busy = arrival();
        Device free = devices.get(1 - busy.number);
        free.openGate();
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.add(submit());
        }
        for (Future<Integer> take : later) {
            assertEquals(free.number, take.get(WAIT_S, TimeUnit.SECONDS), "rendered on the free device");
        }
        assertFalse(stuck.isDone(), "the busy device is still on its take");
        busy.let();
        assertEquals(busy.number, stuck.get(WAIT_S, TimeUnit.SECONDS));
    }

    @Test
    void aTakeThatFailsOnItsDeviceIsReportedToItsCallerAndTheDeviceServesAgain() throws Exception {
        devices.get(1).failures.set(1);
        List<Future<Integer>> takes = List.of(submit(), submit());
        arrival().let();
        arrival().let();
        int failed = 0;
        for (Future<Integer> take : takes) {
            try {
                assertEquals(0, take.get(WAIT_S, TimeUnit.SECONDS), "device 0 renders its take");
            } catch (ExecutionException e) {
                assertEquals("device 1 failed", e.getCause().getMessage());
                failed++;
            }
        }
        assertEquals(1, failed, "the failing device's take, and only it, ends in its error");

        // The device went back to the pool: two more takes at once are again rendered one on each.
        List<Future<Integer>> again = List.of(submit(), submit());
        Device first = arrival();
        Device second = arrival();
        assertNotEquals(first, second);
        first.let();
        second.let();
        List<Integer> by = new ArrayList<>();
        for (Future<Integer> take : again) {
            by.add(take.get(WAIT_S, TimeUnit.SECONDS));
        }
        Collections.sort(by);
        assertEquals(List.of(0, 1), by);
    }

    @Test
    void aTakeRenderedBesideOthersMatchesTheSameTakeRenderedAlone() throws Exception {
        try (DevicePool real = DevicePool.open(List.of(DeviceName.CPU, DeviceName.CPU),
                d -> MagiModel.load(Fixture.CHECKPOINT, false, d))) {
            SamplerSettings settings = real.defaults().withSteps(4);
            List<Future<List<GeneratedChunk>>> takes = new ArrayList<>();
            for (long seed = 1; seed <= 3; seed++) {
                GenerationRequest take = realTake(settings.withSeed(seed));
                takes.add(callers.submit(() -> {
                    List<GeneratedChunk> out = Collections.synchronizedList(new ArrayList<>());
                    real.generate(take, out::add, () -> false);
                    return out;
                }));
            }
            List<List<GeneratedChunk>> results = new ArrayList<>();
            for (Future<List<GeneratedChunk>> f : takes) {
                results.add(f.get());
            }
            List<GeneratedChunk> alone = new ArrayList<>();
            real.generate(realTake(settings.withSeed(2)), alone::add, () -> false);
            assertEquals(2, results.get(1).size());
            assertEquals(alone.get(1).frames(), results.get(1).get(1).frames(), "a take is the same whichever device ran it");
        }
    }

    private static GenerationRequest realTake(SamplerSettings settings) {
        return GenerationRequest.of(Collections.nCopies(2, "a green triangle rising on a white background"), settings,
                new Start.Text());
    }

    /** A one-chunk take from its own thread; its result is the number of the device that rendered it. */
    private Future<Integer> submit() {
        return callers.submit(() -> {
            List<GeneratedChunk> out = new ArrayList<>();
            pool.generate(GenerationRequest.of(List.of("a take"), SETTINGS, new Start.Text()), out::add, () -> false);
            assertEquals(1, out.size());
            return (int) out.get(0).frames().frame(0)[0];
        });
    }

    /** The next device to start a take (it waits at its gate). */
    private Device arrival() throws InterruptedException {
        Device d = arrivals.poll(WAIT_S, TimeUnit.SECONDS);
        assertNotNull(d, "no device started a take");
        return d;
    }

    /** A device's model: zero velocity, frames filled with its number, a gate at the start of each render. */
    private final class Device implements VideoModel {
        final int number;
        final NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
        final Semaphore gate = new Semaphore(0);
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger atOnce = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        Device(int number) {
            this.number = number;
        }

        void let() {
            gate.release();
        }

        void openGate() {
            gate.release(Integer.MAX_VALUE / 2);
        }

        /** The pipeline asks for it once, first, in every render; closing it is the render's last act. */
        @Override
        public Prompt nullPrompt() {
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            arrivals.add(this);
            gate.acquireUninterruptibly();
            return atOnce::decrementAndGet;
        }

        @Override
        public NDArray velocity(Pass pass) {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("device " + number + " failed");
            }
            return pass.x().zerosLike();
        }

        @Override
        public Frames decode(NDArray latent) {
            byte[] rgb = new byte[SHAPE.frames() * SHAPE.width() * SHAPE.height() * 3];
            java.util.Arrays.fill(rgb, (byte) number);
            return Frames.of(SHAPE.width(), SHAPE.height(), SHAPE.frames(), rgb);
        }

        @Override
        public CachedChunk cache(NDArray latent, int chunkNumber, int steps) {
            return new CachedChunk() {
                @Override
                public int chunkNumber() {
                    return chunkNumber;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public History history(List<CachedChunk> chunks) {
            return () -> { };
        }

        @Override
        public Prompt prompt(String text, int remaining) {
            return () -> { };
        }

        @Override
        public NDArray encode(Frames frames) {
            throw new UnsupportedOperationException("text takes only");
        }

        @Override
        public ChunkShape chunkShape() {
            return SHAPE;
        }

        @Override
        public SamplerSettings defaults() {
            return SETTINGS;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public List<String> unknownWords(String prompt) {
            return List.of();
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
