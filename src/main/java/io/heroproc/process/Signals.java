package io.heroproc.process;

import java.util.Locale;
import java.util.Map;

/** Signal numbers of Linux on x86_64 and aarch64 (the numbers differ on some other platforms). */
public final class Signals {

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    /** The highest signal number Linux has (SIGRTMAX). */
    public static final int MAX = 64;

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16),
            Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
            Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
            Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

    private Signals() {
    }

    /** {@code "TERM"}, {@code "SIGTERM"} or {@code "15"} → 15. */
    public static int number(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.chars().allMatch(Character::isDigit) && !n.isEmpty()) {
            return Integer.parseInt(n);
        }
        Integer number = NUMBERS.get(n.startsWith("SIG") ? n.substring(3) : n);
        if (number == null) {
            throw new IllegalArgumentException("unknown signal: " + name);
        }
        return number;
    }

    /** 15 → {@code "SIGTERM"}; unknown numbers → {@code "SIG<n>"}. */
    public static String name(int number) {
        return NUMBERS.entrySet().stream().filter(e -> e.getValue() == number)
                .map(e -> "SIG" + e.getKey()).findFirst().orElse("SIG" + number);
    }
}
