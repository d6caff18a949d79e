package studio.magi.ui;

import java.nio.file.Path;

/**
 * Where the studio keeps its own files: settings (the recent projects list) and the folders of projects not saved yet,
 * so that their imported media and autosaves have a home.
 */
public record StudioFolders(Path config, Path unsaved) {
    /** ${XDG_CONFIG_HOME:-~/.config}/magi-studio and ${XDG_DATA_HOME:-~/.local/share}/magi-studio/unsaved. */
    public static StudioFolders ofUser() {
        Path home = Path.of(System.getProperty("user.home"));
        return new StudioFolders(
                xdg("XDG_CONFIG_HOME", home.resolve(".config")).resolve("magi-studio"),
                xdg("XDG_DATA_HOME", home.resolve(".local/share")).resolve("magi-studio").resolve("unsaved"));
    }

    private static Path xdg(String variable, Path fallback) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }

    public Path recentProjects() {
        return config.resolve("recent-projects.json");
    }

    public Path preferences() {
        return config.resolve("preferences.json");
    }

    /** The built-in model: ckpt/nano in the studio's folder (the launcher passes that folder as magi.home). */
    public static Path builtInModel() {
        return Path.of(System.getProperty("magi.home", ".")).resolve("ckpt").resolve("nano");
    }
}
