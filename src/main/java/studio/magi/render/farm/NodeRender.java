package studio.magi.render.farm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import studio.magi.engine.Compute;
import studio.magi.engine.DevicePool;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.engine.ModelFactory;
import studio.magi.project.store.ProjectFileException;
import studio.magi.render.ChunkRun;
import studio.magi.render.LocalDevices;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderStore;
import studio.magi.render.RenderTarget;
import studio.magi.render.StoredChunk;

/**
 * What a farm job does on its node ({@code magi render-job SPEC.json}): renders the spec's run with the local engine,
 * exactly as the studio renders it on its own machine, and writes each chunk into the project's {@code renders/} under
 * its content key the moment it is done (whole or not at all, as {@link RenderStore#write} does), so that the studio
 * shows it while the rest renders. It prints its progress as {@link JobLog} reads it, and a failure as one line.
 */
public final class NodeRender {
    private NodeRender() {
    }

    /** Renders the run of the spec file; returns the exit code (0 done, 1 failed, with the reason on {@code err}). */
    public static int run(Path specFile, PrintWriter out, PrintWriter err) {
        try {
            JobSpec spec = JobSpec.read(specFile);
            String digest = RenderModel.digestOf(spec.model());
            if (!digest.equals(spec.modelDigest())) {
                throw new IOException("the model in " + spec.model() + " is not the one the studio renders with"
                        + " (other weights): give the cluster the studio's model folder");
            }
            RenderStore store = RenderStore.open(spec.project());
            ModelFactory models = ModelFactory.installed();
            try (DevicePool pool = DevicePool.open(List.of(Compute.device(spec.device())),
                    d -> models.load(spec.model(), d));
                 LocalDevices devices = new LocalDevices(pool)) {
                CompletableFuture<String> end = new CompletableFuture<>();
                devices.start(spec.run(), store, new Keeper(spec.run(), store, out, end));
                String failure = end.get();
                if (failure != null) {
                    err.println(JobLog.FAILED + failure);
                    return 1;
                }
                return 0;
            }
        } catch (IOException | ProjectFileException | RuntimeException e) {
            err.println(JobLog.FAILED + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        } catch (InterruptedException | ExecutionException e) {
            err.println(JobLog.FAILED + "interrupted");
            return 1;
        }
    }

    /** Writes each chunk into renders/ as it lands and says so; completes {@code end} with null or the failure. */
    private record Keeper(ChunkRun run, RenderStore store, PrintWriter out, CompletableFuture<String> end)
            implements RenderTarget.Listener {
        @Override
        public void waiting(String state) {
            // A node's run starts at once: there is nothing to wait for.
        }

        @Override
        public void step(int chunk, int done, int steps) {
            out.println(JobLog.step(chunk, run.chunks().size(), done, steps));
        }

        @Override
        public void rendered(int chunk, Frames frames, Latent latent) {
            ChunkRun.PlannedChunk c = run.chunks().get(chunk);
            try {
                store.write(new StoredChunk(c.key(), c.chunk(), run.shot(), c.index(), c.prompt(), c.seed(), frames,
                        latent));
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            out.println(JobLog.stored(chunk, run.chunks().size(), c.key()));
        }

        @Override
        public void stored(int chunk) {
            throw new UnsupportedOperationException("a node renders its chunks itself");
        }

        @Override
        public void ended() {
            end.complete(null);
        }

        @Override
        public void failed(String reason) {
            end.complete(reason);
        }
    }
}
