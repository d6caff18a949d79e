package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.MODEL;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;

/** The content keys of a project as the service computes them at every edit, and the media digests they fold in. */
class FilmKeysTest {
    @TempDir
    Path dir;

    @Test
    void everyChunkIsKeyedAfterTheChunkBeforeItOrTheShotsStartAndSoIsEveryTake() {
        Project plain = film(3);
        Shot s0 = plain.shots().get(0);
        Chunk withTake = new Chunk(s0.chunks().get(1).id(), "", 8, List.of(new Take(42, "k")), Chunk.NO_TAKE);
        Project p = plain.withShot(0, s0.withChunk(1, withTake));
        Shot s = p.shots().get(0);

        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        String start = ChunkKeys.startKey(s, null);
        List<String> chunks = ChunkKeys.of(s, start, MODEL);
        assertEquals(Optional.of(chunks), keys.chunks(s.id()));
        assertEquals(start, keys.upstream(s, 0));
        assertEquals(chunks.get(0), keys.upstream(s, 1));
        String take = ChunkKeys.key(s, 1, 42, chunks.get(0), MODEL);
        assertEquals(take, keys.take(s, 1, 42));
        assertEquals(4, keys.all().size());
        assertTrue(keys.all().containsAll(chunks) && keys.all().contains(take));
        assertEquals(Optional.empty(), keys.problem(s.id()));
        assertNull(keys.media(s.id()));
        assertEquals(Map.of(), keys.videoStarts());
        assertEquals(p, keys.project());
    }

    @Test
    void aShotThatContinuesAnotherIsKeyedAfterThatShotsLastChunkAndHasNoKeysWithoutIt() {
        Shot source = film(2).shots().get(0);
        Shot after = new Shot(UUID.randomUUID(), ShotStart.after(source.id()), SyntheticRenders.FAST,
                List.of(Chunk.create("the circle turns blue", 3)));
        FilmKeys keys = FilmKeys.of(new Project("P", List.of(after, source)), dir, MODEL, new MediaDigests());
        List<String> sourceKeys = keys.chunks(source.id()).orElseThrow();
        assertEquals(ChunkKeys.startKey(after, sourceKeys.get(1)), keys.upstream(after, 0),
                "keyed after the last chunk of the shot it continues, wherever that shot is");
        assertEquals(sourceKeys, keys.source(after));

        Shot other = source.withChunk(1, source.chunks().get(1).withPrompt("the circle slides right"));
        FilmKeys edited = FilmKeys.of(new Project("P", List.of(after, other)), dir, MODEL, new MediaDigests());
        assertNotEquals(keys.chunks(after.id()), edited.chunks(after.id()), "an edit of the source reaches it");

        FilmKeys alone = FilmKeys.of(new Project("P", List.of(after)), dir, MODEL, new MediaDigests());
        assertEquals(Optional.empty(), alone.chunks(after.id()));
        assertEquals(Optional.of("the shot it continues was removed"), alone.problem(after.id()));
    }

    @Test
    void aShotWhosePictureCannotBeReadHasNoKeysAndSaysWhyWhileTheOthersAreKeyed() {
        Shot missing = new Shot(UUID.randomUUID(), ShotStart.image("media/gone.png"), SyntheticRenders.FAST,
                List.of(Chunk.create("a sunset", 1)));
        Shot plain = film(1).shots().get(0);
        FilmKeys keys = FilmKeys.of(new Project("P", List.of(missing, plain)), dir, MODEL, new MediaDigests());

        assertEquals(Optional.empty(), keys.chunks(missing.id()));
        assertTrue(keys.problem(missing.id()).orElseThrow().startsWith("the shot's picture media/gone.png cannot be read: "),
                keys.problem(missing.id()).orElseThrow());
        assertNull(keys.media(missing.id()));
        assertEquals(1, keys.chunks(plain.id()).orElseThrow().size());
        assertEquals(1, keys.all().size());
    }

    @Test
    void aVideoStartIsKeyedByItsFileAndListedForThePreview() throws Exception {
        Path video = Files.createDirectories(dir.resolve("media")).resolve("clip.mp4");
        Files.writeString(video, "not decoded to be keyed");
        Shot s = new Shot(UUID.randomUUID(), ShotStart.video("media/clip.mp4", 1), SyntheticRenders.FAST,
                List.of(Chunk.create("it goes on", 1)));
        Project p = new Project("P", List.of(s));
        MediaDigests digests = new MediaDigests();

        FilmKeys keys = FilmKeys.of(p, dir, MODEL, digests);
        String start = ChunkKeys.startKey(s, ShotMedia.digest(video));
        assertEquals(start, keys.upstream(s, 0));
        assertEquals(video, keys.media(s.id()));
        assertEquals(Map.of(start, video), keys.videoStarts());

        Files.writeString(video, "another video");
        assertNotEquals(keys.chunks(s.id()), FilmKeys.of(p, dir, MODEL, digests).chunks(s.id()),
                "another file, other keys");
    }

    @Test
    void aMediaDigestIsRememberedByPathSizeAndTimeSoAnEditDoesNotReadTheFileAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("a.png"), "aaaa");
        FileTime time = Files.getLastModifiedTime(file);
        MediaDigests digests = new MediaDigests();
        String first = digests.of(file);
        assertEquals(ShotMedia.digest(file), first);

        Files.writeString(file, "bbbb");
        Files.setLastModifiedTime(file, time);
        assertEquals(first, digests.of(file), "same path, size and time: not read again");
        Files.writeString(file, "bbbbb");
        assertEquals(ShotMedia.digest(file), digests.of(file));
    }
}
