package io.heroproc.events;

import java.util.Map;

/** An event as the API, the stream and webhooks show it. */
public record EventView(long id, String ts, String type, String service, String action, Long runId, Long jobId,
        String source, String caller, String userAgent, String message, Map<String, Object> data) {

    public static EventView of(Event e) {
        return new EventView(e.id(), e.ts().toString(), e.type().wire(), e.service(), e.action(), e.run(), e.job(),
                e.origin().source(), e.origin().caller(), e.origin().userAgent(), e.message(), e.data());
    }
}
