package studio.magi.playground;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps a scene at the world's frame rate. Deterministic, and the same IEEE double operations in the same order as
 * the Python mirror (training/magi_nano/world.py), so both produce the same states bit for bit.
 */
public final class Simulator {
    private final World world;

    public Simulator(World world) {
        this.world = world;
    }

    /** Simulates a valid spec (see {@link SceneSpec#validate}). */
    public Simulation run(SceneSpec spec) {
        int chunkFrames = world.chunkFrames();
        double dt = world.dt();
        double gravityStep = world.physics().gravity() * dt;
        double restitution = spec.collisionRestitutionOrDefault();
        List<Body> bodies = new ArrayList<>();
        for (SceneObject o : spec.objects()) {
            bodies.add(new Body(o));
        }
        Map<Integer, List<SceneEvent>> events = new HashMap<>();
        for (SceneEvent e : spec.events()) {
            events.computeIfAbsent(e.chunk(), k -> new ArrayList<>()).add(e);
        }
        int n = bodies.size();
        String background = spec.background();
        List<FrameState> frames = new ArrayList<>(spec.chunks() * chunkFrames);
        List<ChunkState> chunks = new ArrayList<>(spec.chunks());
        String chunkBackground = null;
        List<ObjectState> chunkObjects = null;
        List<Motion> startModes = null;
        List<Set<Contact>> contacts = null;
        for (int f = 0; f < spec.chunks() * chunkFrames; f++) {
            if (f % chunkFrames == 0) {
                if (f > 0) {
                    chunks.add(new ChunkState(chunkBackground, chunkObjects, startModes, modes(bodies), contacts));
                }
                for (SceneEvent e : events.getOrDefault(f / chunkFrames, List.of())) {
                    switch (e.type()) {
                        case BACKGROUND -> background = e.background();
                        case COLOR -> bodies.get(e.object()).color = e.color();
                        case MOTION -> bodies.get(e.object()).setMotion(e.motion(), e.speedOrZero());
                    }
                }
                chunkBackground = background;
                chunkObjects = bodies.stream().map(Body::state).toList();
                startModes = modes(bodies);
                contacts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    contacts.add(EnumSet.noneOf(Contact.class));
                }
            }
            frames.add(new FrameState(background, bodies.stream().map(Body::look).toList()));
            for (int i = 0; i < n; i++) {
                bodies.get(i).step(gravityStep, dt, contacts.get(i));
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (Body.collide(bodies.get(i), bodies.get(j), restitution)) {
                        contacts.get(i).add(Contact.COLLISION);
                        contacts.get(j).add(Contact.COLLISION);
                    }
                }
            }
        }
        chunks.add(new ChunkState(chunkBackground, chunkObjects, startModes, modes(bodies), contacts));
        return new Simulation(spec, frames, chunks);
    }

    private static List<Motion> modes(List<Body> bodies) {
        return bodies.stream().map(b -> b.motion).toList();
    }
}
