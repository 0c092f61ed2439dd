package io.heroproc.events;

import java.time.Instant;
import java.util.Map;

/**
 * One event, as recorded. {@code message} is the line a person reads; {@code data} the details a
 * program reads (a diff, an exit status). {@code id} is 0 until stored.
 */
public record Event(long id, Instant ts, EventType type, String service, String action, Long run, Long job,
        Origin origin, String message, Map<String, Object> data) {

    public Event {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** A new event, stamped now. */
    public static Event of(EventType type, String service, String action, Long run, Long job, Origin origin,
            String message, Map<String, Object> data) {
        return new Event(0, Instant.now(), type, service, action, run, job, origin, message, data);
    }
}
