package io.heroproc.api;

import io.heroproc.logs.LogQuery;
import io.heroproc.registry.InvalidSpecException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Validates the query parameters of the log calls. */
final class LogParams {

    static final int MAX_LIMIT = 10_000;
    private static final Set<String> STREAMS = Set.of("stdout", "stderr", "system");

    private LogParams() {
    }

    /** The cursor: {@code Last-Event-ID} (a reconnecting SSE client) wins over {@code after}. */
    static long cursor(String after, String lastEventId) {
        String text = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
        String field = text == lastEventId ? "Last-Event-ID" : "after";
        if (text == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new InvalidSpecException(field, "must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidSpecException(field, "must be a whole number, got '" + text + "'");
        }
    }

    static int limit(String limit, int fallback) {
        if (limit == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSpecException("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limit + "'");
    }

    /** {@code tail}: how many of the last lines; null when not asked. Not with {@code after}, which pages forward. */
    static Integer tail(String tail, String after) {
        if (tail == null) {
            return null;
        }
        if (after != null) {
            throw new InvalidSpecException("tail", "cannot be combined with after (tail reads back from the end)");
        }
        try {
            int value = Integer.parseInt(tail);
            if (value >= 0 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSpecException("tail", "must be a whole number from 0 to " + MAX_LIMIT + ", got '" + tail + "'");
    }

    static String stream(String stream) {
        if (stream != null && !STREAMS.contains(stream)) {
            throw new InvalidSpecException("stream", "must be stdout, stderr or system, got '" + stream + "'");
        }
        return stream;
    }

    static LogQuery.Filter filter(String stream, String since, String until) {
        return new LogQuery.Filter(stream(stream), instant("since", since), instant("until", until));
    }

    /** An ISO-8601 instant or epoch milliseconds. */
    static Long instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidSpecException(field, "must be an ISO-8601 instant or epoch milliseconds, got '" + text + "'");
        }
    }
}
