package studio.magi.project.store;

import java.util.Locale;

/**
 * Text taken from a file (a key, a value, or the parser's message quoting them) as a message shows it: control
 * characters as \xNN, so that the message stays one printable line, and cut short, so that it stays a message.
 */
final class FileText {
    static final int MAX_CHARS = 160;

    private FileText() {
    }

    static String shown(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\x%02X", (int) c) : String.valueOf(c));
        }
        return i < text.length() ? out + "..." : out.toString();
    }
}
