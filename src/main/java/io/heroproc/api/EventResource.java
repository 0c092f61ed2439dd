package io.heroproc.api;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.events.Event;
import io.heroproc.events.EventStore;
import io.heroproc.events.EventType;
import io.heroproc.events.EventView;
import io.heroproc.registry.InvalidSpecException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/v1/events}: what happened, newest first, with who did it; with
 * {@code Accept: text/event-stream} the live stream, resumable with {@code Last-Event-ID}.
 */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    @Inject
    EventStore events;

    @Inject
    EventFollower stream;

    @Inject
    HeroProcConfig config;

    /**
     * Events newest first: after the id {@code after} and before {@code before} (to page back),
     * of one service, of some types ({@code type=job.exited,run.ended}), since an instant.
     */
    @GET
    public List<EventView> list(@RestQuery String service, @RestQuery String type, @RestQuery String since,
            @RestQuery String until, @RestQuery String after, @RestQuery String before, @RestQuery String limit) {
        Long beforeId = before == null ? null : LogParams.cursor(before, null);
        return events.newestFirst(filter(service, type, since, until), LogParams.cursor(after, null), beforeId,
                LogParams.limit(limit, 100)).stream().map(EventView::of).toList();
    }

    /** The live stream, oldest first from {@code after} or {@code Last-Event-ID} (event id = event id). */
    @GET
    // qs: a client that accepts anything (curl's */*) gets JSON; only an explicit Accept gets the stream.
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    @Blocking
    public Multi<OutboundSseEvent> follow(@RestQuery String service, @RestQuery String type, @RestQuery String since,
            @RestQuery String after, @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return stream.follow(filter(service, type, since, null), LogParams.cursor(after, lastEventId), sse);
    }

    static EventStore.Filter filter(String service, String type, String since, String until) {
        Set<EventType> types = null;
        if (type != null && !type.isBlank()) {
            types = new LinkedHashSet<>();
            for (String t : Arrays.stream(type.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                types.add(EventType.parse(t).orElseThrow(() -> new InvalidSpecException("type", "'" + shorten(t)
                        + "' is not an event type; the types are " + String.join(", ", Arrays.stream(
                                EventType.values()).map(EventType::wire).toList()))));
            }
        }
        return new EventStore.Filter(service == null || service.isBlank() ? null : service, types,
                LogParams.instant("since", since), LogParams.instant("until", until));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
