package studio.magi.ui;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.magi.project.store.RecentProjects;

/** The projects opened lately, as File > Open Recent lists them; the file that keeps them is read and written off the FX thread. */
final class RecentList {
    private final RecentProjects file;
    private final TaskExecutor tasks;
    private final Consumer<String> tell;
    private final ObservableList<Path> list = FXCollections.observableArrayList();

    /** {@code tell}: where a failure to update the file is reported. */
    RecentList(RecentProjects file, TaskExecutor tasks, Consumer<String> tell) {
        this.file = file;
        this.tasks = tasks;
        this.tell = tell;
        tasks.run(file::list, list::setAll, e -> { });
    }

    ObservableList<Path> list() {
        return FXCollections.unmodifiableObservableList(list);
    }

    void remember(Path dir) {
        tasks.run(() -> {
            file.add(dir);
            return file.list();
        }, list::setAll, e -> tell.accept("Could not update the recent projects: " + e.getMessage()));
    }

    /** A project that could not be opened because it is gone. */
    void forget(Path dir) {
        tasks.run(() -> {
            file.remove(dir);
            return file.list();
        }, list::setAll, e -> { });
    }

    void clear() {
        list.clear();
        tasks.run(() -> {
            file.clear();
            return null;
        }, ok -> { }, e -> tell.accept("Could not clear the recent projects: " + e.getMessage()));
    }
}
