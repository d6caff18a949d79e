package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentProjectsTest {
    @TempDir
    Path dir;

    @Test
    void theNewestProjectComesFirstAndTheListStaysShort() throws Exception {
        RecentProjects recent = new RecentProjects(dir.resolve("config/recent-projects.json"));
        for (int i = 0; i < RecentProjects.MAX + 3; i++) {
            recent.add(dir.resolve("film" + i));
        }
        recent.add(dir.resolve("film5"));
        List<Path> list = new RecentProjects(dir.resolve("config/recent-projects.json")).list();
        assertEquals(RecentProjects.MAX, list.size());
        assertEquals(dir.resolve("film5"), list.get(0));
        assertEquals(dir.resolve("film12"), list.get(1));
        recent.remove(dir.resolve("film5"));
        assertEquals(dir.resolve("film12"), recent.list().get(0));
    }

    @Test
    void aDamagedListReadsAsEmpty() throws Exception {
        Path file = Files.writeString(dir.resolve("recent-projects.json"), "[\"/a\", ");
        assertEquals(List.of(), new RecentProjects(file).list());
        new RecentProjects(file).add(dir.resolve("b"));
        assertEquals(List.of(dir.resolve("b")), new RecentProjects(file).list());
    }
}
