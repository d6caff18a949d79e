package studio.magi.playground;

/**
 * What instruction adherence is made of, counted separately so a score can say which part fails: per scored chunk,
 * whether its background is right and whether it shows exactly the truth's objects, none extra, none in pieces; per
 * truth object of those chunks, whether a shown object of its colour exists and whether the object matched to it
 * has its shape and its motion. Beside them, how far the moving objects of the truth travel in their chunks and
 * how far the objects matched to them do (px, start to end of the chunk), so a score can say whether motion that
 * fails is too slow.
 */
public record Facets(int chunks, int background, int objectCount, int objects, int color, int shape, int motion,
        double truthTravel, double seenTravel) {
    public static final Facets NONE = new Facets(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Facets plus(Facets o) {
        return new Facets(chunks + o.chunks, background + o.background, objectCount + o.objectCount,
                objects + o.objects, color + o.color, shape + o.shape, motion + o.motion,
                truthTravel + o.truthTravel, seenTravel + o.seenTravel);
    }
}
