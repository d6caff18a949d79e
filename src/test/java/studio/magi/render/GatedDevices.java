package studio.magi.render;

import java.util.List;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.DevicePool;

/**
 * This machine's devices with a {@link GatedModel}, where cancelling a run also opens the gate: a run held at the gate
 * must get past it to see that it is cancelled, and a cancel (or a quit) cannot let a chunk land before it is made.
 */
final class GatedDevices implements RenderTarget {
    private final LocalDevices devices;
    private final GatedModel gate;

    GatedDevices(DevicePool pool, GatedModel gate) {
        this.devices = new LocalDevices(pool);
        this.gate = gate;
    }

    @Override
    public int capacity() {
        return devices.capacity();
    }

    @Override
    public ChunkShape chunkShape() {
        return devices.chunkShape();
    }

    @Override
    public List<String> unknownWords(String prompt) {
        return devices.unknownWords(prompt);
    }

    @Override
    public Running start(ChunkRun run, RenderStore renders, Listener listener) {
        Running running = devices.start(run, renders, listener);
        return () -> {
            running.cancel();
            gate.open();
        };
    }

    @Override
    public void close() {
        devices.close();
    }
}
