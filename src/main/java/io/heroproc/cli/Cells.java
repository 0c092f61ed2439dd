package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Human renderings of JSON values for tables and detail views. */
final class Cells {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Cells() {
    }

    /** The text of a field, or null when absent: tables print that as {@code -}. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** A timestamp field in local time, to the second; the raw text if it is not one. */
    static String time(JsonNode node, String field) {
        return time(text(node, field));
    }

    static String time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return LOCAL.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** A list of scalars as {@code a,b}; an empty list is null. */
    static String list(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isArray() || v.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        v.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.toString()));
        return String.join(",", parts);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** How a job ended: {@code exit 0}, {@code signal 9}, or null while it runs. */
    static String exit(JsonNode job) {
        if (job.hasNonNull("exit_code")) {
            return "exit " + job.get("exit_code").asText();
        }
        if (job.hasNonNull("signal")) {
            return "signal " + job.get("signal").asText();
        }
        return null;
    }

    /**
     * An object as ordered {@code key → text} pairs for a detail view: nested objects become
     * dotted keys ({@code restart.backoff.max}), lists of scalars are comma-joined, lists of
     * objects stay compact JSON, times are local, sizes are human.
     */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> into = new LinkedHashMap<>();
        flatten("", node, into);
        return into;
    }

    private static void flatten(String key, JsonNode node, Map<String, String> into) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> flatten(key.isEmpty() ? e.getKey() : key + "." + e.getKey(), e.getValue(),
                    into));
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(e -> parts.add(e.isValueNode() ? e.asText() : e.toString()));
            into.put(key, parts.isEmpty() ? null : String.join(", ", parts));
        } else if (node.isNull() || node.isObject()) {
            into.put(key, null);
        } else {
            into.put(key, scalar(key, node));
        }
    }

    private static String scalar(String key, JsonNode v) {
        if (key.endsWith("_at") || key.equals("since")) {
            return time(v.asText());
        }
        if (key.endsWith("rss_bytes") && v.canConvertToLong()) {
            return bytes(v.asLong());
        }
        if (key.endsWith("cpu_percent") && v.isNumber()) {
            return String.format(Locale.ROOT, "%.1f%%", v.asDouble());
        }
        return v.asText();
    }
}
