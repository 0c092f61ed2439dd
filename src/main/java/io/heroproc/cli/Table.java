package io.heroproc.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned plain-text columns: two spaces between columns, no trailing blanks, {@code -} for a
 * missing value. Plain text on purpose: the output is as often piped to grep as read.
 */
public final class Table {

    static final String NONE = "-";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with a header line; {@code new Table()} makes a header-less one (key/value lists). */
    public Table(String... header) {
        this.header = header.length == 0 ? null : List.of(header);
    }

    public Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** One cell on one line: a value's newlines and tabs would break the columns. */
    static String cell(Object value) {
        if (value == null) {
            return NONE;
        }
        String s = value.toString();
        if (s.isEmpty()) {
            return NONE;
        }
        return s.replace("\r", "").replace("\n", "\\n").replace('\t', ' ');
    }

    public String render() {
        List<List<String>> all = new ArrayList<>();
        if (header != null) {
            all.add(header);
        }
        all.addAll(rows);
        int columns = all.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> r : all) {
            for (int c = 0; c < r.size(); c++) {
                width[c] = Math.max(width[c], length(r.get(c)));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String v = r.get(c);
                line.append(v);
                if (c < r.size() - 1) {
                    line.append(" ".repeat(width[c] - length(v) + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    // Code points, not chars: a name with an emoji must not shift the columns after it.
    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    @Override
    public String toString() {
        return render();
    }
}
