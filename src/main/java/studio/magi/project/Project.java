package studio.magi.project;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A film: its shots, played one after another. Shots and chunks have ids unique in the project. */
public record Project(String name, List<Shot> shots) {
    public static final String UNTITLED = "Untitled";
    private static final int MAX_FRAMES = Integer.MAX_VALUE;

    public Project {
        Objects.requireNonNull(name, "a project needs a name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a project's name cannot be empty");
        }
        shots = List.copyOf(Objects.requireNonNull(shots, "a project needs its shot list"));
        Set<UUID> ids = new HashSet<>();
        long frames = 0;
        for (Shot s : shots) {
            frames += (long) s.start().chunks() * Chunk.FRAMES + (long) s.chunks().size() * Chunk.FRAMES;
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two shots or chunks share the id " + s.id());
            }
            for (Chunk c : s.chunks()) {
                if (!ids.add(c.id())) {
                    throw new IllegalArgumentException("two shots or chunks share the id " + c.id());
                }
            }
        }
        // The timeline counts frames in an int; past it a video start of 2^31-1 seconds made a film of 0 frames.
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException("the film would be " + frames + " frames long; at most " + MAX_FRAMES
                    + " (about 24,855 hours) are counted");
        }
    }

    /** What the studio opens with: one shot of one chunk, ready for a prompt. */
    public static Project untitled() {
        return new Project(UNTITLED, List.of(Shot.create(ShotStart.NOTHING, Chunk.create("", Chunk.randomSeed()))));
    }

    public Project withName(String newName) {
        return new Project(newName, shots);
    }

    public Project withShots(List<Shot> newShots) {
        return new Project(name, newShots);
    }

    public Project withShot(int index, Shot shot) {
        List<Shot> list = new ArrayList<>(shots);
        list.set(index, shot);
        return withShots(list);
    }

    public int shotIndex(UUID shotId) {
        for (int i = 0; i < shots.size(); i++) {
            if (shots.get(i).id().equals(shotId)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<ChunkPosition> locate(UUID chunkId) {
        for (int s = 0; s < shots.size(); s++) {
            int c = shots.get(s).indexOf(chunkId);
            if (c >= 0) {
                return Optional.of(new ChunkPosition(s, c));
            }
        }
        return Optional.empty();
    }

    public Chunk chunk(ChunkPosition at) {
        return shots.get(at.shot()).chunks().get(at.chunk());
    }

    public int chunkCount() {
        return shots.stream().mapToInt(s -> s.chunks().size()).sum();
    }

    /** Total length in frames: the shots play one after another, each from its start's own frames. */
    public int frames() {
        return shots.stream().mapToInt(Shot::frames).sum();
    }

    /** The frame of the film at which a chunk begins. */
    public int chunkStartFrame(ChunkPosition at) {
        return shotStartFrame(at.shot()) + shots.get(at.shot()).chunkStartFrame(at.chunk());
    }

    /** A frame of a shot's start (a video it continues) rather than of one of its chunks. */
    public record StartFrame(int shot, int frame) {
    }

    /** The start frame showing at a frame of the film, when the film is in a video a shot continues. */
    public Optional<StartFrame> startAtFrame(int frame) {
        int remaining = frame;
        for (int s = 0; s < shots.size() && remaining >= 0; s++) {
            Shot shot = shots.get(s);
            if (remaining < shot.start().frames()) {
                return Optional.of(new StartFrame(s, remaining));
            }
            remaining -= shot.frames();
        }
        return Optional.empty();
    }

    /** The frame (from the start of the film) at which shot {@code index} begins. */
    public int shotStartFrame(int index) {
        int frame = 0;
        for (int i = 0; i < index; i++) {
            frame += shots.get(i).frames();
        }
        return frame;
    }

    /** The chunk showing at a frame of the film; empty past the end or in a shot's start video. */
    public Optional<ChunkPosition> chunkAtFrame(int frame) {
        if (frame < 0) {
            return Optional.empty();
        }
        int remaining = frame;
        for (int s = 0; s < shots.size(); s++) {
            Shot shot = shots.get(s);
            int f = shot.frames();
            if (remaining < f) {
                int local = remaining - shot.start().frames();
                return local < 0 ? Optional.empty() : Optional.of(new ChunkPosition(s, local / Chunk.FRAMES));
            }
            remaining -= f;
        }
        return Optional.empty();
    }

    /** Every chunk's effective prompt, by chunk id. */
    public Map<UUID, String> effectivePrompts() {
        Map<UUID, String> prompts = new HashMap<>();
        for (Shot s : shots) {
            for (int i = 0; i < s.chunks().size(); i++) {
                prompts.put(s.chunks().get(i).id(), s.effectivePrompt(i));
            }
        }
        return prompts;
    }

    /**
     * This project with every chunk whose effective prompt differs from {@code before} given that prompt back as its
     * own: structural edits (move, ripple delete, split) never change what another chunk's clip says.
     */
    public Project keepingPromptsOf(Project before) {
        Map<UUID, String> prompts = before.effectivePrompts();
        List<Shot> list = new ArrayList<>(shots.size());
        for (Shot s : shots) {
            list.add(s.keepingPrompts(prompts));
        }
        return withShots(list);
    }
}
