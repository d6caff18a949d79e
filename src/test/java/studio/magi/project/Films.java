package studio.magi.project;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small projects for tests, with readable fixed ids and seeds. */
public final class Films {
    private Films() {
    }

    public static UUID id(int n) {
        return new UUID(0, n);
    }

    public static Chunk chunk(int id, String prompt) {
        return new Chunk(id(id), prompt, 1000 + id, List.of(), Chunk.NO_TAKE);
    }

    /** Shot {@code shotId} with one chunk per prompt, chunk ids shotId*10+1, +2, ... */
    public static Shot shot(int shotId, String... prompts) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < prompts.length; i++) {
            chunks.add(chunk(shotId * 10 + i + 1, prompts[i]));
        }
        return new Shot(id(shotId), ShotStart.NOTHING, ShotSettings.DEFAULT, chunks);
    }

    /** Shot 1: "a red circle bouncing", "", "the circle turns blue", ""; shot 2: "a green square sliding right". */
    public static Project twoShots() {
        return new Project("Bounce", List.of(
                shot(1, "a red circle bouncing", "", "the circle turns blue", ""),
                shot(2, "a green square sliding right")));
    }

    public static List<String> prompts(Shot shot) {
        return shot.chunks().stream().map(Chunk::prompt).toList();
    }

    public static List<String> effectivePrompts(Shot shot) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < shot.chunks().size(); i++) {
            out.add(shot.effectivePrompt(i));
        }
        return out;
    }
}
