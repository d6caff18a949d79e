package studio.magi.ui;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.project.Chunk;
import studio.magi.project.edit.AddChunk;
import studio.magi.project.edit.SetPrompt;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;

/**
 * The studio measured as a filmmaker uses it: a window on a fresh project of {@code chunks} chunks with the
 * built-in model at the shot's default settings; Render is pressed and playback started at once. It records the
 * time from Render to the first frame in the preview, and every gap between JavaFX pulses (an AnimationTimer) until
 * the last chunk has landed, with the CPU time the FX thread and JavaFX's renderer thread spent meanwhile, in all and
 * per pulse (on a busy machine the gaps also measure the machine; the CPU times measure the studio). Then it plays
 * the rendered film from the start for {@link #REPLAY_FRAMES} frames and measures the same per frame played. Needs a
 * display (Xvfb will do).
 */
public final class StudioBench {
    /** Frames played back once every chunk has landed (ten seconds of film). */
    private static final int REPLAY_FRAMES = 10 * Chunk.FPS;

    private StudioBench() {
    }

    /** Runs the benchmark and returns its figures. */
    public static Map<String, Object> run(int chunks, Path checkpoint) throws Exception {
        RenderModel model = RenderModel.of(checkpoint);
        ModelFactory models = ModelFactory.installed();
        DevicePool pool = DevicePool.open(List.of(DeviceName.CPU), d -> models.load(checkpoint, d));
        pool.warmUp();
        Path scratch = Files.createTempDirectory("magi-studio-bench");
        CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.runLater(() -> {
            try {
                start(chunks, pool, model, scratch, result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.MINUTES);
        } finally {
            Platform.exit();
            pool.close();
        }
    }

    private static void start(int chunks, DevicePool pool, RenderModel model, Path scratch,
                              CompletableFuture<Map<String, Object>> result) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        Stage stage = new Stage();
        Renders renders = new Renders();
        StudioWindow window = new StudioWindow(stage, new StudioServices(new FxTaskExecutor(), FxDialogs::new,
                new StudioFolders(scratch.resolve("config"), scratch.resolve("unsaved")), renders));
        RenderService service = new RenderService(pool, model, renders.listener());
        renders.attach(service);
        stage.setWidth(1440);
        stage.setHeight(900);
        stage.show();
        ProjectSession session = window.session();
        session.execute(new SetPrompt(session.project().shots().get(0).chunks().get(0).id(),
                "a red circle bouncing on a black background"));
        for (int i = 1; i < chunks; i++) {
            session.execute(new AddChunk(session.project().shots().get(0).id(), i, Chunk.create("", Chunk.randomSeed())));
        }
        List<Double> gaps = Collections.synchronizedList(new ArrayList<>());
        long[] times = new long[3];
        int[] played = new int[1];
        window.transport().frameProperty().addListener((o, was, now) -> played[0]++);
        BenchCpu cpu = new BenchCpu();
        Map<String, Object> out = new LinkedHashMap<>();
        AnimationTimer pulses = new AnimationTimer() {
            private long last;
            private boolean replaying;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    gaps.add((now - last) / 1e6);
                    cpu.pulse();
                }
                last = now;
                if (replaying) {
                    if (played[0] >= REPLAY_FRAMES || !window.transport().playing()) {
                        stop();
                        out.put("replay_frames", played[0]);
                        out.put("replay_fx_cpu_per_frame_ms", Math.round(cpu.fxMillis() / played[0] * 100) / 100.0);
                        out.put("replay_renderer_cpu_per_frame_ms",
                                Math.round(cpu.rendererMillis() / played[0] * 100) / 100.0);
                        out.putAll(cpu.perPulse("replay_"));
                        window.close();
                        service.close();
                        result.complete(out);
                    }
                    return;
                }
                boolean allDone = session.project().shots().get(0).chunks().stream()
                        .allMatch(c -> renders.status(c.id()).done());
                if (times[1] == 0 && window.preview().imageProperty().get() != null) {
                    times[1] = System.nanoTime();
                }
                if (allDone && times[2] == 0 && times[0] != 0) {
                    times[2] = System.nanoTime();
                    List<Double> sorted = new ArrayList<>(gaps);
                    Collections.sort(sorted);
                    out.put("chunks", chunks);
                    out.put("render_to_first_frame_ms", round((times[1] - times[0]) / 1e6));
                    out.put("render_seconds", round((times[2] - times[0]) / 1e9));
                    out.put("frames_per_second", round(chunks * Chunk.FRAMES / ((times[2] - times[0]) / 1e9)));
                    out.put("pulses", sorted.size());
                    out.put("pulse_gap_max_ms", round(sorted.get(sorted.size() - 1)));
                    out.put("pulse_gap_p99_ms", round(sorted.get((int) Math.floor(0.99 * (sorted.size() - 1)))));
                    out.put("pulse_gaps_over_50ms", sorted.stream().filter(g -> g > 50).count());
                    out.put("frames_played", played[0]);
                    out.put("fx_thread_cpu_ms", round(cpu.fxMillis()));
                    out.put("renderer_thread_cpu_ms", round(cpu.rendererMillis()));
                    out.putAll(cpu.perPulse(""));
                    // Then the rendered film alone, from the start: what a frame costs when nothing renders.
                    replaying = true;
                    window.transport().stop();
                    window.transport().seek(0);
                    played[0] = 0;
                    cpu.start();
                    window.transport().playPause();
                }
            }
        };
        // Let the window settle before Render, as a person would look at it first.
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
        settle.setOnFinished(e -> {
            pulses.start();
            cpu.start();
            times[0] = System.nanoTime();
            window.transport().seek(0);
            renders.renderAll();
            window.transport().playPause();
        });
        settle.play();
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
