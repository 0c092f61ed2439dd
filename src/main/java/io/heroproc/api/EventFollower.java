package io.heroproc.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.events.Event;
import io.heroproc.events.EventFeed;
import io.heroproc.events.EventSignal;
import io.heroproc.events.EventStore;
import io.heroproc.events.EventView;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;

/**
 * The live event stream: every event after the cursor, in id order, then each one as it is
 * committed. Event ids only grow, so resuming after the last id received neither skips nor
 * repeats one. A reader whose cursor fell behind retention first gets a {@code gap} event saying
 * how many it missed, never silence.
 */
@ApplicationScoped
public class EventFollower {

    private static final int PAGE = 200;

    @Inject
    EventStore events;

    @Inject
    EventSignal signal;

    @Inject
    EventFeed feed;

    @Inject
    ObjectMapper json;

    Multi<OutboundSseEvent> follow(EventStore.Filter filter, long after, Sse sse) {
        SseFollow.Source<Event> source = new SseFollow.Source<>(a -> feed.after(filter, a, PAGE), Event::id,
                e -> sse.newEventBuilder().id(Long.toString(e.id())).mediaType(MediaType.APPLICATION_JSON_TYPE).data(write(EventView.of(e))).build(),
                a -> gap(a, sse), () -> null);
        return SseFollow.follow("hero-proc-event-follow", after, source, new SseFollow.Signal() {
            @Override
            public long seen() {
                return signal.seen();
            }

            @Override
            public void await(long seen, long millis) throws InterruptedException {
                signal.await(seen, millis);
            }
        });
    }

    /** The events between the cursor and the oldest one kept were dropped by retention. */
    private OutboundSseEvent gap(long after, Sse sse) {
        long oldest = events.oldestId();
        if (after == 0 || oldest == 0 || after + 1 >= oldest) {
            return null;
        }
        long missed = oldest - after - 1;
        return sse.newEventBuilder().id(Long.toString(oldest - 1)).name("gap")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data("{\"missed\": " + missed + ", \"message\": \"" + missed + " event" + (missed == 1 ? "" : "s")
                        + " dropped by retention\"}").build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
