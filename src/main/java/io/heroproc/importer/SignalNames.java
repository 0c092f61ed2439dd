package io.heroproc.importer;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Signal numbers and names (Linux x86_64) as far as hero-proc's stop signals go. */
final class SignalNames {

    private static final Map<Integer, String> BY_NUMBER = Map.of(1, "HUP", 2, "INT", 3, "QUIT", 9, "KILL", 10, "USR1",
            12, "USR2", 14, "ALRM", 15, "TERM", 28, "WINCH");
    private static final Set<String> NAMES = Set.copyOf(BY_NUMBER.values());

    private SignalNames() {
    }

    /** {@code 15}, {@code TERM} or {@code SIGTERM} as hero-proc writes it, or null when hero-proc cannot stop with it. */
    static String of(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.length() <= 3 && t.chars().allMatch(Character::isDigit)) {
            return BY_NUMBER.get(Integer.parseInt(t));
        }
        String name = t.startsWith("SIG") ? t.substring(3) : t;
        return NAMES.contains(name) ? name : null;
    }
}
