package io.heroproc.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.Overlap;
import io.heroproc.registry.ScheduleDef;
import io.heroproc.registry.UnixCron;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The missed-fire rule's arithmetic: the latest fire time since the service last started, if any. */
class MissedFiresTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:30Z");

    @Test
    void anIntervalMissedOnceOrManyTimesGivesItsLatestFire() {
        ScheduleDef every = new ScheduleDef(null, 60_000L, Overlap.SKIP);
        assertEquals(Optional.empty(), MissedFires.latest(every, NOW.minusSeconds(59), NOW), "not due yet");
        assertEquals(Optional.of(NOW), MissedFires.latest(every, NOW.minusSeconds(60), NOW), "due right now");
        Instant since = NOW.minus(Duration.ofDays(3)).minusSeconds(10);
        Instant latest = MissedFires.latest(every, since, NOW).orElseThrow();
        assertEquals(0, Duration.between(since, latest).toMillis() % 60_000, "on the interval's grid");
        assertTrue(!latest.isAfter(NOW) && latest.isAfter(NOW.minusSeconds(60)), latest.toString());
    }

    @Test
    void aCronMissedGivesItsLatestFireAndNoneWhenItDidNotFire() {
        ScheduleDef daily = new ScheduleDef("0 3 * * *", null, Overlap.SKIP);
        Instant lastThree = UnixCron.parse("0 3 * * *").last(NOW).orElseThrow();
        assertEquals(Optional.of(lastThree), MissedFires.latest(daily, lastThree.minusSeconds(1), NOW));
        assertEquals(Optional.empty(), MissedFires.latest(daily, lastThree, NOW), "it ran at that fire");
        assertEquals(Optional.of(lastThree), MissedFires.latest(daily, NOW.minus(Duration.ofDays(400)), NOW),
                "however long it was down: the latest fire only");
    }
}
