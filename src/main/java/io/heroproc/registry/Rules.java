package io.heroproc.registry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Field rules shared by actions and services. */
final class Rules {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    static final String NAME_RULE = "must match [a-z0-9][a-z0-9_.-]{0,62}";
    static final int MAX_LIST = 64;

    private Rules() {
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void name(Violations v, String field, String name) {
        if (name == null || name.isEmpty()) {
            v.add(field, "is required");
        } else if (!validName(name)) {
            v.add(field, NAME_RULE + ", got '" + shorten(name) + "'");
        }
    }

    /** The name in a body, if given, must be the one in the path. */
    static void sameName(Violations v, String pathName, String bodyName) {
        if (bodyName != null && !bodyName.equals(pathName)) {
            v.add("name", "is '" + shorten(bodyName) + "' but the path names '" + shorten(pathName) + "'");
        }
    }

    /** A list of distinct valid names; {@code self} (if given) may not appear. */
    static List<String> names(Violations v, String field, List<String> names, String self) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > MAX_LIST) {
            v.add(field, "may hold at most " + MAX_LIST + " names");
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Rules.name(v, field + "[" + i + "]", n);
            if (n != null && !seen.add(n)) {
                v.add(field + "[" + i + "]", "'" + n + "' is listed twice");
            }
            if (n != null && n.equals(self)) {
                v.add(field + "[" + i + "]", "a service cannot require itself");
            }
        }
        // Not List.copyOf: it throws on a null entry, which is reported above instead.
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
    }

    /** A duration within [min, max], or {@code fallback} when absent. */
    static long duration(Violations v, String field, String text, Duration fallback, Duration min, Duration max) {
        if (text == null) {
            return fallback.toMillis();
        }
        Optional<Duration> d = DurationText.parse(text);
        if (d.isEmpty()) {
            v.add(field, "'" + shorten(text) + "' is not a duration (use 250ms, 10s, 5m, 1h or PT10S)");
            return fallback.toMillis();
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            v.add(field, "must be between " + DurationText.format(min.toMillis()) + " and "
                    + DurationText.format(max.toMillis()) + ", got " + shorten(text));
        }
        return d.get().toMillis();
    }

    static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    /** Echoes user input in messages without letting a huge value flood the answer. */
    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
