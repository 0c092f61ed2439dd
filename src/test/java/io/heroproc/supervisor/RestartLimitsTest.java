package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The limits that hold a restart storm back, whatever the backoff says. */
class RestartLimitsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final RestartLimits limits = new RestartLimits(Duration.ofMillis(100), 5);

    @Test
    void aJobIsNotStartedAgainSoonerThanTheFloorAfterItsLastStart() {
        Deque<Instant> recent = new ArrayDeque<>();
        Instant crashedAt = T0.plusMillis(3);
        assertEquals(T0.plusMillis(100), limits.due(crashedAt.plusMillis(1), T0, recent), "a 1 ms backoff waits out the floor");
        assertFalse(limits.rateLimited(crashedAt.plusMillis(1), T0.plusMillis(100), T0), "that is the floor, not the rate");
        Instant later = T0.plusSeconds(5);
        assertEquals(later.plusMillis(1), limits.due(later.plusMillis(1), T0, recent), "one that ran long restarts at once");
    }

    @Test
    void aServiceRestartsAtMostItsBudgetInAnyMinute() {
        Deque<Instant> recent = new ArrayDeque<>();
        Instant start = T0;
        for (int i = 0; i < 5; i++) {
            Instant due = limits.due(start.plusMillis(200), start, recent);
            assertEquals(start.plusMillis(200), due, "restart " + (i + 1) + " is within the budget");
            recent.addLast(due);
            start = due;
        }
        Instant wanted = start.plusMillis(200);
        Instant due = limits.due(wanted, start, recent);
        assertEquals(T0.plusMillis(200).plus(Duration.ofMinutes(1)), due, "the sixth waits until the first is a minute old");
        assertTrue(limits.rateLimited(wanted, due, start));
        recent.addLast(due);
        assertEquals(due.plusMillis(200), limits.due(due.plusMillis(200), due, recent),
                "once the early restarts are a minute old, the budget allows the next at once");
        assertTrue(recent.size() < 5, "restarts older than a minute are forgotten: " + recent);
    }

    /** Under a Turkish default locale, "IGNORE".toLowerCase() is "ıgnore": wire names must not depend on it. */
    @Test
    void wireNamesDoNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals("ignore", io.heroproc.model.Wanted.IGNORE.wire());
            assertEquals("failed", io.heroproc.status.ServiceState.FAILED.wire());
        } finally {
            Locale.setDefault(before);
        }
    }
}
