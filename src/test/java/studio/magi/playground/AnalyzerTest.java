package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.magi.media.Clip;
import studio.magi.media.Frame;
import studio.magi.media.Mp4Writer;
import studio.magi.media.PngSequence;

class AnalyzerTest {
    private final Analyzer analyzer = new Analyzer(Scenes.WORLD);
    private final Renderer renderer = new Renderer(Scenes.WORLD);

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void renderedScenesReadBackAsTheirCaptionsSay(int size) {
        for (TruthScene s : Scenes.sampled(25, 11, Split.HELDOUT, 4)) {
            Simulation truth = Scenes.simulate(s.spec());
            ClipAnalysis seen = analyzer.analyze(renderer.render(truth, size, size));
            assertReadsAs(truth, seen, s.spec().toJson());
        }
    }

    @Test
    void mp4FilesAndPngFoldersAreReadBack(@TempDir Path dir) {
        for (TruthScene s : Scenes.sampled(4, 13, Split.HELDOUT, 3)) {
            Simulation truth = Scenes.simulate(s.spec());
            Clip clip = renderer.render(truth, 64, 64);
            Mp4Writer.write(clip, dir.resolve(s.name() + ".mp4"));
            PngSequence.write(clip, dir.resolve(s.name()));
            assertReadsAs(truth, analyzer.analyze(dir.resolve(s.name() + ".mp4")), s.spec().toJson());
            assertReadsAs(truth, analyzer.analyze(dir.resolve(s.name())), s.spec().toJson());
        }
    }

    @Test
    void strayPixelsColourNoiseAndBlurDoNotChangeTheReading() {
        Random random = new Random(1);
        for (TruthScene s : Scenes.sampled(12, 12, Split.HELDOUT, 3)) {
            Simulation truth = Scenes.simulate(s.spec());
            Clip clean = renderer.render(truth, 64, 64);
            List<Frame> messy = new ArrayList<>();
            for (Frame f : clean.frames()) {
                messy.add(mess(f, random));
            }
            assertReadsAs(truth, analyzer.analyze(new Clip(24, messy)), s.spec().toJson());
        }
    }

    @Test
    void anEmptySceneHasNoObjectAndNoiseNoBackground() {
        Frame empty = Frame.filled(64, 64, 128, 128, 128);
        ChunkAnalysis plain = analyzer.analyze(new Clip(24, Collections.nCopies(24, empty))).chunks().get(0);
        assertEquals("gray", plain.background());
        assertTrue(plain.objects().isEmpty());
        Random random = new Random(2);
        List<Frame> noise = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] rgb = new byte[64 * 64 * 3];
            random.nextBytes(rgb);
            noise.add(Frame.of(64, 64, rgb));
        }
        ChunkAnalysis snow = analyzer.analyze(new Clip(24, noise)).chunks().get(0);
        assertNull(snow.background());
        assertTrue(snow.objects().isEmpty(), snow.toString());
    }

    @Test
    void aShapeThatFlickersOrSplitsIsNotTakenForASteadyObject() {
        SceneSpec spec = Scenes.scene(1, "black", List.of(Scenes.object(Shape.SQUARE, "red", 0.3, 0.5, 0.2, 0, Motion.SLIDING_RIGHT)));
        Simulation truth = Scenes.simulate(spec);
        List<Frame> flicker = new ArrayList<>();
        List<Frame> twins = new ArrayList<>();
        for (int f = 0; f < 24; f++) {
            FrameState state = truth.frames().get(f);
            flicker.add(f % 3 == 0 ? renderer.render(state, 64, 64) : renderer.render(new FrameState("black", List.of()), 64, 64));
            BodyState b = state.bodies().get(0);
            twins.add(renderer.render(new FrameState("black", List.of(b, new BodyState(b.shape(), b.color(), b.radius(), b.x(), 0.2))), 64, 64));
        }
        assertTrue(analyzer.analyze(new Clip(24, flicker)).chunks().get(0).objects().isEmpty(), "shown in a third of the frames");
        assertTrue(analyzer.analyze(new Clip(24, twins)).chunks().get(0).object("red").split());
    }

    static void assertReadsAs(Simulation truth, ClipAnalysis seen, String what) {
        for (int k = 0; k < truth.chunks().size(); k++) {
            ChunkState want = truth.chunks().get(k);
            ChunkAnalysis got = seen.chunks().get(k);
            assertEquals(want.background(), got.background(), what);
            assertEquals(want.objects().size(), got.objects().size(), what);
            for (ObjectState o : want.objects()) {
                ObjectTrack t = got.object(o.color());
                assertTrue(t != null && t.looksLike(o.shape()) && !t.split(), "chunk " + k + " " + o + " read as " + t + " in " + what);
                assertEquals(o.label(), t.motion(), "chunk " + k + " " + o + " in " + what);
            }
        }
    }

    /** Up to 12 levels of noise on every channel, a 3x3 box blur, and five stray pixels of a random colour of the world. */
    private static Frame mess(Frame f, Random random) {
        int w = f.width();
        int h = f.height();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            int yy = Math.min(h - 1, Math.max(0, y + dy));
                            sum += c == 0 ? f.red(xx, yy) : c == 1 ? f.green(xx, yy) : f.blue(xx, yy);
                            n++;
                        }
                    }
                    int v = sum / n + random.nextInt(25) - 12;
                    out[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        List<Rgb> colors = new ArrayList<>(Scenes.WORLD.colors().values());
        for (int i = 0; i < 5; i++) {
            int p = random.nextInt(w * h);
            Rgb c = colors.get(random.nextInt(colors.size()));
            out[3 * p] = (byte) c.r();
            out[3 * p + 1] = (byte) c.g();
            out[3 * p + 2] = (byte) c.b();
        }
        return Frame.of(w, h, out);
    }
}
