package io.heroproc.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INI file as supervisord reads it (Python's configparser): {@code [section]} headers,
 * {@code key = value} or {@code key: value} (keys lower-cased), whole-line comments starting with
 * {@code ;} or {@code #}, inline comments only after whitespace ({@code a=b ;note}), and
 * continuation lines (indented) appended to the previous value. A later key or section of the
 * same name replaces the earlier one, as supervisord's parser does.
 */
final class IniFile {

    /** One value and the line its key is on. */
    record Value(String text, int line) {
    }

    /** One section: its name as written, the line of its header and its keys in order. */
    record Section(String name, int line, Map<String, Value> values) {
    }

    private final List<Section> sections;

    private IniFile(List<Section> sections) {
        this.sections = sections;
    }

    List<Section> sections() {
        return sections;
    }

    static IniFile parse(String file, String text) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        String key = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i];
            String stripped = raw.strip();
            if (stripped.startsWith(";") || stripped.startsWith("#")) {
                continue;
            }
            if (stripped.isEmpty()) {
                key = null;
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && key != null) {
                Value v = current.values().get(key);
                String more = uncomment(" " + stripped);
                current.values().put(key, new Value(v.text().isEmpty() ? more : v.text() + "\n" + more, v.line()));
                continue;
            }
            if (stripped.startsWith("[")) {
                if (!stripped.endsWith("]") || stripped.length() < 3) {
                    throw new ImportException(file, number, "a section header is written [name], got '" + stripped + "'");
                }
                String name = stripped.substring(1, stripped.length() - 1).strip();
                current = new Section(name, number, new LinkedHashMap<>());
                sections.put(name, current);
                key = null;
                continue;
            }
            int eq = delimiter(stripped);
            if (eq <= 0) {
                throw new ImportException(file, number, "expected [section], key = value or a comment, got '"
                        + stripped + "'");
            }
            if (current == null) {
                throw new ImportException(file, number, "'" + stripped + "' comes before any [section] header");
            }
            key = stripped.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            current.values().put(key, new Value(uncomment(stripped.substring(eq + 1)), number));
        }
        return new IniFile(new ArrayList<>(sections.values()));
    }

    private static int delimiter(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The value without an inline comment: {@code ;} or {@code #} after whitespace. */
    private static String uncomment(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(value.charAt(i - 1))) {
                return value.substring(0, i).strip();
            }
        }
        return value.strip();
    }
}
