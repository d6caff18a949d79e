package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of docs/PLAYGROUND.md ("Metrics") over a set of clips: shares in [0, 1] (null when nothing was there to score,
 * such as prompt changes in clips without events), the tallies of adherence's parts, adherence split by what was asked
 * and the mean Physics-IQ figures.
 */
public record Scores(
        int clips,
        int chunks,
        int events,
        int boundaries,
        Double adherence,
        Double chunkPromptControl,
        Double sceneConsistency,
        Double motionNaturalness,
        Facets facets,
        PhysicsScores physics,
        AdherenceBreakdown breakdown) {

    public static Scores of(List<ClipScore> clips) {
        int chunks = 0;
        int adherent = 0;
        int natural = 0;
        int events = 0;
        int controlled = 0;
        int boundaries = 0;
        int consistent = 0;
        Facets facets = Facets.NONE;
        List<PhysicsScores> physics = new ArrayList<>();
        List<ChunkVerdict> verdicts = new ArrayList<>();
        for (ClipScore c : clips) {
            chunks += c.chunks();
            adherent += c.adherent();
            natural += c.natural();
            events += c.events();
            controlled += c.controlled();
            boundaries += c.boundaries();
            consistent += c.consistent();
            facets = facets.plus(c.facets());
            verdicts.addAll(c.verdicts());
            if (c.physics() != null) {
                physics.add(c.physics());
            }
        }
        return new Scores(clips.size(), chunks, events, boundaries, share(adherent, chunks), share(controlled, events),
                share(consistent, boundaries), share(natural, chunks), facets,
                PhysicsScores.mean(physics), AdherenceBreakdown.of(verdicts, HeldOut.standard()));
    }

    public Double backgroundRight() {
        return share(facets.background(), facets.chunks());
    }

    /** Chunks showing exactly the truth's objects: none missing, none extra, none in pieces. */
    public Double objectCountRight() {
        return share(facets.objectCount(), facets.chunks());
    }

    public Double colorRight() {
        return share(facets.color(), facets.objects());
    }

    public Double shapeRight() {
        return share(facets.shape(), facets.objects());
    }

    public Double motionRight() {
        return share(facets.motion(), facets.objects());
    }

    /**
     * How far the clip's objects travel in a chunk as a share of how far the truth's moving objects do: 1 keeps
     * pace, below 1 is too slow (0: nothing moves), null when nothing in the truth moved.
     */
    public Double travel() {
        return facets.truthTravel() > 0 ? facets.seenTravel() / facets.truthTravel() : null;
    }

    private static Double share(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
