package studio.magi.playground;

import java.util.List;

/**
 * One clip's tallies: scored chunks and how many follow their prompt and move plausibly; prompt changes (event
 * chunks) and how many happen where asked without a jump; boundaries without a change and how many keep the scene;
 * the parts of adherence ({@link Facets}); and the Physics-IQ figures of the generated part (null without a prefix
 * to continue); and each scored chunk's verdict, for adherence split by what was asked.
 */
public record ClipScore(
        int chunks,
        int adherent,
        int natural,
        int events,
        int controlled,
        int boundaries,
        int consistent,
        Facets facets,
        PhysicsScores physics,
        List<ChunkVerdict> verdicts) {
    public ClipScore {
        verdicts = List.copyOf(verdicts);
    }
}
