package studio.magi.ui;

import java.util.Optional;
import java.util.UUID;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.edit.AddChunk;
import studio.magi.project.edit.AddShot;
import studio.magi.project.edit.ClearChunk;
import studio.magi.project.edit.DuplicateChunk;
import studio.magi.project.edit.MoveChunk;
import studio.magi.project.edit.RemoveShot;
import studio.magi.project.edit.RippleDeleteChunk;
import studio.magi.project.edit.SetSeed;
import studio.magi.project.edit.SplitShot;

/**
 * The timeline's edits as the menus, toolbar, context menu and keys ask for them: on the selected chunk, or for
 * a split on the chunk under the playhead. Keeps a sensible chunk selected afterwards.
 */
public final class ChunkActions {
    private final ProjectSession session;
    private final Transport transport;
    private final ObjectProperty<UUID> selected = new SimpleObjectProperty<>();

    public ChunkActions(ProjectSession session, Transport transport) {
        this.session = session;
        this.transport = transport;
        session.documentProperty().addListener((o, a, b) -> selectFirst());
        session.projectProperty().addListener((o, before, after) -> keepSelection(before, after));
        selectFirst();
    }

    /** The selected chunk's id, or null. */
    public ObjectProperty<UUID> selectedProperty() {
        return selected;
    }

    public Optional<ChunkPosition> selection() {
        return selected.get() == null ? Optional.empty() : session.project().locate(selected.get());
    }

    /** A new empty chunk after the selected one (it carries the prompt on), or a new shot when there is none. */
    public void addChunk() {
        Project p = session.project();
        Optional<ChunkPosition> at = selection().or(() -> p.shots().isEmpty() ? Optional.empty()
                : Optional.of(new ChunkPosition(p.shots().size() - 1, p.shots().get(p.shots().size() - 1).chunks().size() - 1)));
        if (at.isEmpty()) {
            addShot();
            return;
        }
        Chunk chunk = Chunk.create("", Chunk.randomSeed());
        if (session.execute(new AddChunk(p.shots().get(at.get().shot()).id(), at.get().chunk() + 1, chunk))) {
            selected.set(chunk.id());
        }
    }

    public void duplicate() {
        selection().ifPresent(at -> {
            UUID copy = UUID.randomUUID();
            if (session.execute(new DuplicateChunk(session.project().chunk(at).id(), copy))) {
                selected.set(copy);
            }
        });
    }

    /** Delete: clears the selected chunk, keeping its slot. */
    public void clear() {
        selection().ifPresent(at -> session.execute(new ClearChunk(session.project().chunk(at).id())));
    }

    /** Shift+Delete: removes the selected chunk and closes the gap. */
    public void rippleDelete() {
        selection().ifPresent(at -> session.execute(new RippleDeleteChunk(session.project().chunk(at).id())));
    }

    /** S: the chunk under the playhead starts a new shot. */
    public void splitAtPlayhead() {
        Project p = session.project();
        p.chunkAtFrame(transport.frame()).ifPresent(at -> {
            UUID chunk = p.chunk(at).id();
            if (session.execute(new SplitShot(chunk, UUID.randomUUID()))) {
                selected.set(chunk);
            }
        });
    }

    public void newSeed() {
        selection().ifPresent(at -> session.execute(new SetSeed(session.project().chunk(at).id(), Chunk.randomSeed())));
    }

    /** A new shot of one empty chunk, after the selected chunk's shot. */
    public void addShot() {
        int index = selection().map(at -> at.shot() + 1).orElse(session.project().shots().size());
        Chunk chunk = Chunk.create("", Chunk.randomSeed());
        if (session.execute(new AddShot(index, Shot.create(ShotStart.NOTHING, chunk)))) {
            selected.set(chunk.id());
        }
    }

    /** A new shot of one empty chunk after the selected chunk's shot, continuing it (video to video from its frames). */
    public void continueShot() {
        selection().ifPresent(at -> {
            Chunk chunk = Chunk.create("", Chunk.randomSeed());
            Shot after = Shot.create(ShotStart.after(session.project().shots().get(at.shot()).id()), chunk);
            if (session.execute(new AddShot(at.shot() + 1, after))) {
                selected.set(chunk.id());
            }
        });
    }

    public void removeShot() {
        selection().ifPresent(at -> session.execute(new RemoveShot(session.project().shots().get(at.shot()).id())));
    }

    /** Drops a chunk into a gap of a shot (drag and drop on the timeline). */
    public void move(UUID chunk, int shot, int gap) {
        session.execute(new MoveChunk(chunk, session.project().shots().get(shot).id(), gap));
        selected.set(chunk);
    }

    /** The playhead on the first frame of the selected chunk. */
    public void playheadToSelection() {
        selection().ifPresent(at -> {
            transport.stop();
            transport.seek(session.project().chunkStartFrame(at));
        });
    }

    private void selectFirst() {
        Project p = session.project();
        selected.set(p.shots().isEmpty() ? null : p.shots().get(0).chunks().get(0).id());
    }

    /** After an edit took the selected chunk away, selects what took its place (the next chunk, else the one before). */
    private void keepSelection(Project before, Project after) {
        UUID id = selected.get();
        if (after.shots().isEmpty()) {
            selected.set(null);
            return;
        }
        if (id != null && after.locate(id).isPresent()) {
            return;
        }
        Optional<ChunkPosition> was = id == null || before == null ? Optional.empty() : before.locate(id);
        if (was.isEmpty()) {
            selectFirst();
            return;
        }
        Shot s = after.shots().get(Math.min(was.get().shot(), after.shots().size() - 1));
        selected.set(s.chunks().get(Math.min(was.get().chunk(), s.chunks().size() - 1)).id());
    }
}
