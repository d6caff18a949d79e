package studio.magi.ui;

import java.util.function.Consumer;
import studio.magi.render.FilmExport;

/** What the menus and keys can ask of the studio, in one place so that both do the same. */
final class StudioCommands {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final Transport transport;
    private final TimelineView timeline;
    private final Runnable quit;
    private final Renders renders;
    private final Consumer<FilmExport.Format> export;
    private final Runnable preferences;

    StudioCommands(ProjectSession session, ChunkActions actions, Transport transport, TimelineView timeline, Renders renders,
                   Consumer<FilmExport.Format> export, Runnable preferences, Runnable quit) {
        this.session = session;
        this.renders = renders;
        this.export = export;
        this.preferences = preferences;
        this.actions = actions;
        this.transport = transport;
        this.timeline = timeline;
        this.quit = quit;
    }

    ProjectSession session() {
        return session;
    }

    ChunkActions actions() {
        return actions;
    }

    Transport transport() {
        return transport;
    }

    Renders renders() {
        return renders;
    }

    /** Renders every chunk that is not rendered for what it says now; the chunk under the playhead's shot first. */
    void render() {
        session.seal();
        session.project().chunkAtFrame(transport.frame()).ifPresent(at -> renders.prioritize(session.project().chunk(at).id()));
        renders.renderAll();
    }

    void cancelRenders() {
        renders.cancelAll();
    }

    void export(FilmExport.Format format) {
        session.seal();
        export.accept(format);
    }

    void preferences() {
        preferences.run();
    }

    void undo() {
        session.undo();
    }

    void redo() {
        session.redo();
    }

    void save() {
        session.seal();
        session.save();
    }

    void saveAs() {
        session.seal();
        session.saveAs();
    }

    void open() {
        transport.stop();
        session.open();
    }

    void newProject() {
        transport.stop();
        session.newProject();
    }

    void zoom(boolean in) {
        timeline.zoom(in);
    }

    void quit() {
        quit.run();
    }
}
