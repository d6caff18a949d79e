package studio.magi.cli;

/** A message as one console line: its first line, with control characters (a NUL in a path) shown as \xNN. */
final class OneLine {
    private OneLine() {
    }

    static String of(String message) {
        if (message == null || message.isBlank()) {
            return "error";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl);
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
