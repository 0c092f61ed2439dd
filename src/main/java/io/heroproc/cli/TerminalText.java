package io.heroproc.cli;

/**
 * A child's output made safe to print on a terminal: control characters (escape sequences can
 * retitle the window, rewrite the screen, or on some terminals answer back into the input) and
 * bidirectional overrides (which make text read other than it is) are shown as backslash, x and
 * two hex digits (or backslash, u and four) instead of acting. Tabs stay tabs.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String visible(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String escape(char c) {
        if (c < 0x20 && c != '\t' || c == 0x7f) {
            return String.format(java.util.Locale.ROOT, "\\x%02x", (int) c);
        }
        if (c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
            return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }
}
