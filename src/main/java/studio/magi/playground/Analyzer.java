package studio.magi.playground;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import studio.magi.media.Clip;
import studio.magi.media.ClipReader;

/**
 * Reads any clip of the world back, chunk by chunk: background, objects (colour, shape, centroid track, motion).
 * Built for generated video: pixels are matched to the nearest colour of the world, patches smaller than a quarter
 * of the smallest object or too thin to be one are ignored, and an object counts only if it shows in at least half
 * of the chunk's frames.
 */
public final class Analyzer {
    /** Shapes whose fit is within this IoU of the best one are too alike at this size to tell apart. */
    static final double SHAPE_MARGIN = 0.04;
    /** An object shows in at least this share of a chunk's frames. */
    static final double MIN_PRESENCE = 0.5;

    private final World world;
    private final Palette palette;

    public Analyzer(World world) {
        this.world = world;
        this.palette = new Palette(world);
    }

    /** The smallest patch (px) taken for an object: a quarter of the smallest object the world draws at this size. */
    public int minArea(int width, int height) {
        double smallest = world.sizes().values().stream().mapToDouble(Double::doubleValue).min().orElse(0.1);
        double area = Shape.TRIANGLE.area() * smallest * smallest * width * height;
        return Math.max(2, (int) Math.floor(area / 4));
    }

    /** Reads a video file or a folder of PNG frames and analyses it; a bad file is a MediaException naming it. */
    public ClipAnalysis analyze(Path file) {
        return analyze(ClipReader.read(file));
    }

    /** Analyses a clip cut into chunks of the world's length (a last, shorter chunk is read too). */
    public ClipAnalysis analyze(Clip clip) {
        return analyze(clip, 0);
    }

    /** As {@link #analyze(Clip)}, reading only the chunks from {@code firstChunk} on. */
    public ClipAnalysis analyze(Clip clip, int firstChunk) {
        int w = clip.width();
        int h = clip.height();
        int chunkFrames = world.chunkFrames();
        int from = Math.min(clip.size(), firstChunk * chunkFrames);
        List<FrameReading> readings = new ArrayList<>(clip.size() - from);
        FrameReading.Reader reader = new FrameReading.Reader(palette, w, h, minArea(w, h));
        for (int i = from; i < clip.size(); i++) {
            boolean again = i > from && clip.frame(i) == clip.frame(i - 1);
            readings.add(again ? readings.get(readings.size() - 1) : reader.read(clip.frame(i)));
        }
        MotionFit motion = new MotionFit(world, w, h);
        List<ChunkAnalysis> chunks = new ArrayList<>();
        for (int start = 0; start < readings.size(); start += chunkFrames) {
            chunks.add(chunk(readings.subList(start, Math.min(readings.size(), start + chunkFrames)), w, h, motion));
        }
        return new ClipAnalysis(w, h, firstChunk, chunks);
    }

    private ChunkAnalysis chunk(List<FrameReading> frames, int w, int h, MotionFit motion) {
        int n = frames.size();
        Map<Integer, Integer> backgroundVotes = new HashMap<>();
        for (FrameReading f : frames) {
            backgroundVotes.merge(f.background(), 1, Integer::sum);
        }
        int bg = backgroundVotes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
        String background = bg >= 0 ? palette.names.get(bg) : null;
        List<ObjectTrack> objects = new ArrayList<>();
        for (int c = 0; c < palette.size(); c++) {
            if (palette.isBackground(c)) {
                continue;
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            double[] iou = new double[Shape.values().length];
            int present = 0;
            int several = 0;
            int fitted = 0;
            for (int i = 0; i < n; i++) {
                List<Blob> blobs = frames.get(i).blobsByColor().get(c);
                if (blobs.isEmpty()) {
                    xs[i] = Double.NaN;
                    ys[i] = Double.NaN;
                    continue;
                }
                Blob b = blobs.get(0);
                xs[i] = b.cx() / w;
                ys[i] = b.cy() / h;
                present++;
                if (blobs.size() > 1) {
                    several++;
                }
                if (present % 3 == 1) {
                    double[] fit = ShapeFit.iou(b, w, h);
                    for (int s = 0; s < fit.length; s++) {
                        iou[s] += fit[s];
                    }
                    fitted++;
                }
            }
            if (present < MIN_PRESENCE * n || fitted == 0) {
                continue;
            }
            Shape best = Shape.CIRCLE;
            for (Shape s : Shape.values()) {
                if (iou[s.ordinal()] > iou[best.ordinal()]) {
                    best = s;
                }
            }
            Set<Shape> alike = EnumSet.noneOf(Shape.class);
            for (Shape s : Shape.values()) {
                if (iou[s.ordinal()] / fitted >= iou[best.ordinal()] / fitted - SHAPE_MARGIN) {
                    alike.add(s);
                }
            }
            objects.add(new ObjectTrack(palette.names.get(c), best, alike, xs, ys, motion.classify(xs, ys), several > n / 2));
        }
        return new ChunkAnalysis(background, objects);
    }
}
