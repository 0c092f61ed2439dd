package io.heroproc.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.logs.SseReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events are kept within a count and an age; a reader that fell behind learns what it missed. */
@QuarkusTest
@TestProfile(EventRetentionTest.Small.class)
class EventRetentionTest {

    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.events.max-count", "20", "hero-proc.events.max-age", "1h");
        }
    }

    @Inject
    EventStore store;

    @Inject
    EventRetention retention;

    private static Event event(Instant at, int i) {
        return new Event(0, at, EventType.SERVICE_STATE, "retained", null, null, null, Origin.SUPERVISOR,
                "event " + i, Map.of());
    }

    @Test
    void oldAndSurplusEventsGoAndAFollowerBehindGetsAGapMarker() throws Exception {
        store.recordNow(event(Instant.now().minus(Duration.ofHours(2)), 0));
        long first = store.newestId();
        for (int i = 1; i <= 40; i++) {
            store.recordNow(event(Instant.now(), i));
        }
        long newest = store.newestId();
        assertTrue(retention.trim() >= 20, "past the count, and past the age, events go");
        assertEquals(newest - 19, store.oldestId(), "the newest 20 are kept");
        List<Long> ids = given().queryParam("limit", 1000).when().get("/api/v1/events").then().extract().jsonPath()
                .getList("id", Long.class);
        assertEquals(20, ids.size());
        assertFalse(ids.contains(first), "the two-hour-old event is gone");

        SseReader.Result r = SseReader.read(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/events?after="
                + first), Map.of(), ev -> ev.size() >= 2, Duration.ofSeconds(30));
        SseReader.Event gap = r.events().getFirst();
        assertEquals("gap", gap.name(), "the first thing a late reader hears is the gap: " + r.events());
        long missed = newest - 19 - first - 1;
        assertEquals(missed, new ObjectMapper().readTree(gap.data()).path("missed").asLong());
        assertEquals(Long.toString(newest - 19), r.events().get(1).id(), "then the oldest event kept");
    }
}
