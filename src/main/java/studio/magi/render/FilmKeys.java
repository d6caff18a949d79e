package studio.magi.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/**
 * The content keys of a project as it is now: each shot's start key and its chunks' keys, where each shot's picture
 * or video is on disk, and why a shot whose picture or video cannot be read has no keys. Immutable: the service
 * computes a new one at every edit.
 */
final class FilmKeys {
    private final Project project;
    private final RenderModel model;
    private final Map<UUID, List<String>> chunkKeys;
    private final Map<UUID, String> startKeys;
    private final Map<UUID, Path> media;
    private final Map<UUID, String> problems;

    private FilmKeys(Project project, RenderModel model, Map<UUID, List<String>> chunkKeys,
                     Map<UUID, String> startKeys, Map<UUID, Path> media, Map<UUID, String> problems) {
        this.project = project;
        this.model = model;
        this.chunkKeys = Map.copyOf(chunkKeys);
        this.startKeys = Map.copyOf(startKeys);
        this.media = Map.copyOf(media);
        this.problems = Map.copyOf(problems);
    }

    /** Keys every chunk of the project in its folder, reading the shots' media through {@code digests}. */
    static FilmKeys of(Project project, Path dir, RenderModel model, MediaDigests digests) {
        Builder b = new Builder(project, dir, model, digests);
        project.shots().forEach(s -> b.key(s, new HashSet<>()));
        return new FilmKeys(project, model, b.chunkKeys, b.startKeys, b.media, b.problems);
    }

    /** Keys each shot once, a shot that continues another after that one (whose last key its start folds in). */
    private static final class Builder {
        private final Project project;
        private final Path dir;
        private final RenderModel model;
        private final MediaDigests digests;
        private final Map<UUID, List<String>> chunkKeys = new HashMap<>();
        private final Map<UUID, String> startKeys = new HashMap<>();
        private final Map<UUID, Path> media = new HashMap<>();
        private final Map<UUID, String> problems = new HashMap<>();

        Builder(Project project, Path dir, RenderModel model, MediaDigests digests) {
            this.project = project;
            this.dir = dir;
            this.model = model;
            this.digests = digests;
        }

        /** The shot's keys (computing them if need be), or null with its problem noted; {@code seen} finds cycles. */
        List<String> key(Shot s, Set<UUID> seen) {
            if (chunkKeys.containsKey(s.id()) || problems.containsKey(s.id())) {
                return chunkKeys.get(s.id());
            }
            String upstream = null;
            if (s.start().kind() == ShotStart.Kind.SHOT) {
                int source = project.shotIndex(s.start().shot());
                if (source < 0 || !seen.add(s.id())) {
                    problems.put(s.id(), source < 0 ? "the shot it continues was removed"
                            : "the shots it continues lead back to it");
                    return null;
                }
                List<String> before = key(project.shots().get(source), seen);
                if (before == null) {
                    problems.putIfAbsent(s.id(), "the shot it continues cannot render");
                    return null;
                }
                upstream = before.get(before.size() - 1);
            } else if (s.start().hasMedia()) {
                try {
                    Path file = ProjectFolder.at(dir).resolveMedia(s.start().media());
                    upstream = digests.of(file);
                    media.put(s.id(), file);
                } catch (ProjectFileException | IOException e) {
                    problems.put(s.id(), "the shot's " + (s.start().kind() == ShotStart.Kind.IMAGE ? "picture"
                            : "video") + " " + s.start().media() + " cannot be read: " + e.getMessage());
                    return null;
                }
            }
            String start = ChunkKeys.startKey(s, upstream);
            List<String> keys = ChunkKeys.of(s, start, model);
            startKeys.put(s.id(), start);
            chunkKeys.put(s.id(), keys);
            return keys;
        }
    }

    Project project() {
        return project;
    }

    /** The keys of the shot's chunks in order; empty when its start cannot be read (see {@link #problem}). */
    Optional<List<String>> chunks(UUID shot) {
        return Optional.ofNullable(chunkKeys.get(shot));
    }

    /** Why the shot's picture or video cannot be read; empty when it can, or it has none. */
    Optional<String> problem(UUID shot) {
        return Optional.ofNullable(problems.get(shot));
    }

    /** The shot's picture or video on disk; null when it starts from nothing or another shot. */
    Path media(UUID shot) {
        return media.get(shot);
    }

    /** The keys of the chunks of the shot this one continues; empty when it does not start from another shot. */
    List<String> source(Shot shot) {
        return shot.start().kind() == ShotStart.Kind.SHOT ? chunkKeys.get(shot.start().shot()) : List.of();
    }

    /** The key chunk {@code index} of the shot continues: the chunk before it, or the shot's start. */
    String upstream(Shot shot, int index) {
        return index == 0 ? startKeys.get(shot.id()) : chunkKeys.get(shot.id()).get(index - 1);
    }

    /** The key of a take of chunk {@code index} with this seed, after the chunk's upstream. */
    String take(Shot shot, int index, long seed) {
        return ChunkKeys.key(shot, index, seed, upstream(shot, index), model);
    }

    /** The keys the project can use now: every chunk's and every take's. */
    Set<String> all() {
        Set<String> keys = new HashSet<>();
        for (Shot s : project.shots()) {
            List<String> k = chunkKeys.get(s.id());
            if (k == null) {
                continue;
            }
            keys.addAll(k);
            for (int i = 0; i < s.chunks().size(); i++) {
                for (Take t : s.chunks().get(i).takes()) {
                    keys.add(take(s, i, t.seed()));
                }
            }
        }
        return keys;
    }

    /** The video each video start continues, by the start's key: what the preview shows before the shot. */
    Map<String, Path> videoStarts() {
        Map<String, Path> videos = new HashMap<>();
        for (Shot s : project.shots()) {
            if (s.start().kind() == ShotStart.Kind.VIDEO && media.containsKey(s.id())) {
                videos.put(startKeys.get(s.id()), media.get(s.id()));
            }
        }
        return videos;
    }
}
