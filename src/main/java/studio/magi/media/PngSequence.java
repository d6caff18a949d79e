package studio.magi.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** A clip as a folder of PNG files, one a frame, in the order of the numbers in their names. */
public final class PngSequence {
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    private PngSequence() {
    }

    /** Reads every *.png of the folder, ordered by the last number in the name (frame-2 before frame-10). */
    public static Clip read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new MediaException(folder + ": no such folder");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(PngSequence::frameNumber).thenComparing(Path::toString))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MediaException(folder + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new MediaException(folder + ": no PNG frames in the folder");
        }
        List<Frame> frames = new ArrayList<>(files.size());
        for (Path file : files) {
            Frame frame = ImageFile.read(file);
            if (!frames.isEmpty() && (frame.width() != frames.get(0).width() || frame.height() != frames.get(0).height())) {
                throw new MediaException(file + ": is " + frame.width() + "x" + frame.height() + ", the frames before it are "
                        + frames.get(0).width() + "x" + frames.get(0).height());
            }
            frames.add(frame);
        }
        return new Clip(Clip.DEFAULT_FPS, frames);
    }

    /**
     * Writes frame-0000.png, frame-0001.png... into a new folder. The frames go to a temporary sibling first and the
     * folder appears complete or not at all; an existing folder is left alone.
     */
    public static void write(Clip clip, Path folder) {
        if (Files.exists(folder)) {
            throw new MediaException(folder + ": already exists; the PNG frames go into a new folder");
        }
        Path partial;
        try {
            Files.createDirectories(folder.toAbsolutePath().getParent());
            partial = Staging.newFolder(folder);
        } catch (IOException e) {
            throw new MediaException(folder + ": cannot write the PNG frames (" + e.getMessage() + ")", e);
        }
        try {
            int digits = Math.max(4, String.valueOf(clip.size() - 1).length());
            for (int i = 0; i < clip.size(); i++) {
                Path file = partial.resolve(String.format(Locale.ROOT, "frame-%0" + digits + "d.png", i));
                if (!ImageIO.write(clip.frame(i).toImage(), "png", file.toFile())) {
                    throw new MediaException(file + ": no PNG writer available");
                }
            }
            Files.move(partial, folder);
        } catch (IOException e) {
            Staging.remove(partial);
            throw new MediaException(folder + ": cannot write the PNG frames (" + e.getMessage() + ")", e);
        }
    }

    private static long frameNumber(Path file) {
        Matcher m = LAST_NUMBER.matcher(file.getFileName().toString());
        if (!m.find()) {
            return -1;
        }
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
