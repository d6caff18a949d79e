package studio.magi.installed;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import studio.magi.Main;

/**
 * Entry point of the installed app. The native launcher's options cannot name the user's folders, so this sets the
 * caches of the native libraries (libtorch, FFmpeg, JavaFX, JNA) under the user's cache folder before any of them
 * loads, then hands over to {@link Main}: no arguments open the studio, anything else is the command line.
 * A value the user set already (a -D option in JAVA_TOOL_OPTIONS, or DJL_CACHE_DIR in the environment) is kept.
 */
public final class InstalledApp {
    private InstalledApp() {
    }

    public static void main(String[] args) {
        Path cache = cacheFolder(System.getProperty("os.name", ""), System.getenv(), Path.of(System.getProperty("user.home")));
        keepOrSet("DJL_CACHE_DIR", cache.resolve("djl"));
        keepOrSet("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp"));
        keepOrSet("javafx.cachedir", cache.resolve("javafx"));
        keepOrSet("jna.tmpdir", cache.resolve("jna"));
        Main.main(args);
    }

    /** Each system's place for files an app can rebuild: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows. */
    private static Path cacheFolder(String osName, Map<String, String> env, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local == null || local.isBlank() ? home.resolve("AppData").resolve("Local") : Path.of(local);
            return base.resolve("MAGI Studio").resolve("cache");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("MAGI Studio");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? home.resolve(".cache") : Path.of(xdg);
        return base.resolve("magi-studio");
    }

    private static void keepOrSet(String property, Path value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value.toString());
        }
    }
}
