package studio.magi.ui;

/** What the menus and keys can ask of the studio, in one place so that both do the same. */
final class StudioCommands {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final Transport transport;
    private final TimelineView timeline;
    private final Runnable quit;

    StudioCommands(ProjectSession session, ChunkActions actions, Transport transport, TimelineView timeline, Runnable quit) {
        this.session = session;
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
