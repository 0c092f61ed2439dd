package io.heroproc.registry;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h30m}, or ISO-8601 {@code PT10S}. */
public final class DurationText {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
    private static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE / 2);
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private DurationText() {
    }

    /** Empty when the text is not a duration. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.startsWith("P")) {
            try {
                Duration d = Duration.parse(t);
                // Negative, or too long to count in milliseconds (toMillis() would overflow).
                return d.isNegative() || d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        double millis = 0;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            millis += Double.parseDouble(m.group(1)) * unitMillis(m.group(2));
        }
        return millis > Long.MAX_VALUE / 2 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    /** The shortest exact spelling: {@code 1500ms}, {@code 90s}, {@code 5m}, {@code 2h}. */
    public static String format(long millis) {
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    public static String format(Long millis) {
        return millis == null ? null : format(millis.longValue());
    }

    private static long unitMillis(String unit) {
        return switch (unit) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
    }
}
