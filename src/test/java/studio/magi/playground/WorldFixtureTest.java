package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import studio.magi.media.Clip;

/**
 * The world fixture shared with the Python mirror (training/tests/test_world_fixture.py checks the same files):
 * scene specs with the captions, frames and object centres this code produces. A stale fixture fails here;
 * regenerate it with {@code mvn -B -o test -Dtest=WorldFixtureTest -Dfixture.write=true}.
 */
class WorldFixtureTest {
    static final Path FOLDER = Path.of("training", "tests", "fixtures", "world");
    private static final World WORLD = World.standard();
    private static final String REGENERATE = "; regenerate with: mvn -B -o test -Dtest=WorldFixtureTest -Dfixture.write=true";

    /** A fixture scene: its spec and the size it is drawn at. */
    record Entry(String name, int width, int height) {
        Path spec() {
            return FOLDER.resolve(name + ".json");
        }

        Path frames() {
            return FOLDER.resolve(name + ".npz");
        }
    }

    @Test
    void theFixtureIsWhatThisCodeDrawsNow() throws IOException {
        if (Boolean.getBoolean("fixture.write")) {
            for (Entry e : entries()) {
                write(e);
            }
        }
        for (Entry e : entries()) {
            Expected want = expected(e);
            Map<String, Npz.Array> stored = Npz.read(e.frames());
            assertArrayEquals(want.frames.shape(), stored.get("frames").shape(), e.name() + ": frame shape" + REGENERATE);
            assertTrue(Arrays.equals(want.frames.data(), stored.get("frames").data()), e.name() + ": frames differ" + REGENERATE);
            assertArrayEquals(want.centres.asDoubles(), stored.get("centres").asDoubles(), 0.0, e.name() + ": centres differ" + REGENERATE);
            assertEquals(want.spec.captions(), SceneSpec.read(e.spec(), WORLD).captions(), e.name() + ": captions differ" + REGENERATE);
        }
    }

    @Test
    void theFixtureCoversEveryMotionCollisionsEventsAndTwoSizes() throws IOException {
        Set<Motion> motions = EnumSet.noneOf(Motion.class);
        Set<SceneEvent.Type> events = EnumSet.noneOf(SceneEvent.Type.class);
        Set<Integer> sizes = new HashSet<>();
        boolean collision = false;
        long bytes = 0;
        for (Entry e : entries()) {
            SceneSpec spec = SceneSpec.read(e.spec(), WORLD);
            Simulation sim = new Simulator(WORLD).run(spec);
            sim.chunks().forEach(c -> c.objects().forEach(o -> motions.add(o.label())));
            collision |= sim.chunks().stream().anyMatch(c -> c.contacts().stream().anyMatch(s -> s.contains(Contact.COLLISION)));
            spec.events().forEach(ev -> events.add(ev.type()));
            sizes.add(e.width());
            bytes += Files.size(e.frames()) + Files.size(e.spec());
        }
        assertEquals(EnumSet.allOf(Motion.class), motions);
        assertEquals(EnumSet.allOf(SceneEvent.Type.class), events);
        assertEquals(Set.of(32, 64), sizes);
        assertTrue(collision);
        assertTrue(bytes < 400_000, "the fixture stays small: " + bytes + " bytes");
    }

    static List<Entry> entries() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(FOLDER.resolve("fixture.json").toFile());
        List<Entry> out = new ArrayList<>();
        for (JsonNode n : manifest.get("scenes")) {
            out.add(new Entry(n.get("name").asText(), n.get("width").asInt(), n.get("height").asInt()));
        }
        return out;
    }

    private record Expected(SceneSpec spec, Npz.Array frames, Npz.Array centres) {
    }

    private static Expected expected(Entry e) {
        SceneSpec spec = SceneSpec.read(e.spec(), WORLD);
        Simulation sim = new Simulator(WORLD).run(spec);
        Clip clip = new Renderer(WORLD).render(sim, e.width(), e.height());
        int n = clip.size();
        int frameBytes = e.width() * e.height() * 3;
        byte[] frames = new byte[n * frameBytes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(clip.frame(i).bytes(), 0, frames, i * frameBytes, frameBytes);
        }
        int k = spec.objects().size();
        double[] centres = new double[n * k * 2];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < k; o++) {
                BodyState b = sim.frames().get(i).bodies().get(o);
                centres[(i * k + o) * 2] = b.x();
                centres[(i * k + o) * 2 + 1] = b.y();
            }
        }
        return new Expected(spec.withCaptions(Captions.of(sim)), Npz.Array.bytes(frames, n, e.height(), e.width(), 3),
                Npz.Array.doubles(centres, n, k, 2));
    }

    private static void write(Entry e) throws IOException {
        Expected want = expected(e);
        want.spec.write(e.spec());
        Map<String, Npz.Array> arrays = new LinkedHashMap<>();
        arrays.put("frames", want.frames);
        arrays.put("centres", want.centres);
        Npz.write(e.frames(), arrays);
    }
}
