package studio.magi.project;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Any project the domain accepts, for property tests: names and prompts of any characters, every kind of start,
 * settings across their ranges, takes. Ids are numbered in order (duplicates are not the point here; the edits of a
 * fuzzer make them).
 */
public final class ValidProjects {
    private ValidProjects() {
    }

    public static Arbitrary<Project> any() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> nonBlank = text.filter(s -> !s.isBlank());
        Arbitrary<Take> take = Combinators.combine(Arbitraries.longs(), nonBlank).as(Take::new);
        Arbitrary<ChunkDraft> chunk = Combinators.combine(text, Arbitraries.longs().greaterOrEqual(0), take.list().ofMaxSize(3),
                Arbitraries.integers().between(-1, 2)).as(ChunkDraft::new);
        Arbitrary<ShotSettings> settings = Combinators.combine(Arbitraries.of(ShotSettings.STEP_CHOICES),
                Arbitraries.integers().between(1, 3), Arbitraries.doubles().between(0, ShotSettings.MAX_TEXT_GUIDANCE),
                Arbitraries.doubles().between(0, ShotSettings.MAX_HISTORY_GUIDANCE),
                Arbitraries.integers().between(1, ShotSettings.MAX_WINDOW), nonBlank).as(ShotSettings::new);
        Arbitrary<ShotStart> start = Arbitraries.oneOf(Arbitraries.just(ShotStart.NOTHING), nonBlank.map(ShotStart::image),
                Combinators.combine(nonBlank, Arbitraries.integers().between(0, 100)).as(ShotStart::video),
                Arbitraries.integers().between(0, 10).map(n -> ShotStart.after(new UUID(1, n))));
        Arbitrary<ShotDraft> shot = Combinators.combine(start, settings, chunk.list().ofMinSize(1).ofMaxSize(4))
                .as(ShotDraft::new);
        return Combinators.combine(nonBlank, shot.list().ofMaxSize(4)).as(ValidProjects::project);
    }

    private record ChunkDraft(String prompt, long seed, List<Take> takes, int chosen) {
    }

    private record ShotDraft(ShotStart start, ShotSettings settings, List<ChunkDraft> chunks) {
    }

    private static Project project(String name, List<ShotDraft> drafts) {
        List<Shot> shots = new ArrayList<>();
        int id = 0;
        for (ShotDraft d : drafts) {
            UUID shotId = new UUID(1, id++);
            List<Chunk> chunks = new ArrayList<>();
            for (ChunkDraft c : d.chunks) {
                chunks.add(new Chunk(new UUID(1, id++), c.prompt, c.seed, c.takes, Math.min(c.chosen, c.takes.size() - 1)));
            }
            shots.add(new Shot(shotId, d.start, d.settings, chunks));
        }
        return new Project(name, shots);
    }
}
