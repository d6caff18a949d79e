package studio.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** prerequisites.txt is the one list of packages: the README shows the same, and the commands name none of their own. */
class PrerequisitesTest {
    private static final Path LIST = Path.of("prerequisites.txt");

    /** The packages of each need ("studio", "tests"), in the file's order. */
    private static Map<String, List<String>> listed() throws IOException {
        Map<String, List<String>> packages = new LinkedHashMap<>();
        for (String line : Files.readAllLines(LIST)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            packages.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
        }
        return packages;
    }

    @Test
    void everyLineHasANeedAndACheckTheScriptKnows() throws IOException {
        for (String line : Files.readAllLines(LIST)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            assertTrue(f[0].equals("studio") || f[0].equals("tests"), line);
            boolean known = switch (f.length > 2 ? f[2] : "") {
                case "java", "dpkg" -> f.length == 3;
                case "command", "python" -> f.length == 4;
                default -> false;
            };
            assertTrue(known, line);
        }
    }

    @Test
    void theReadmeListsExactlyTheFilesPackages() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Prerequisites");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Map<String, List<String>> shown = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `\\./(magi|run-tests)`[^|]*\\|([^|]*)\\|$").matcher(section);
        while (row.find()) {
            List<String> names = new ArrayList<>();
            Matcher name = Pattern.compile("`([^`]+)`").matcher(row.group(2));
            while (name.find()) {
                names.add(name.group(1));
            }
            shown.put(row.group(1).equals("magi") ? "studio" : "tests", names);
        }
        assertEquals(listed(), shown);
    }

    @Test
    void theCommandsInstallOnlyThroughTheScript() throws IOException {
        List<String> packages = listed().values().stream().flatMap(List::stream).toList();
        for (String command : List.of("magi", "run-tests", ".ci/run")) {
            String text = Files.readString(Path.of(command));
            assertFalse(text.contains("apt-get install"), command);
            packages.forEach(p -> assertFalse(text.matches("(?s).*\\b" + Pattern.quote(p) + "\\b.*"), command + " names " + p));
        }
    }
}
