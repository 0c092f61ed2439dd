package io.heroproc.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, 250",
        "10s, 10000",
        "5m, 300000",
        "1h, 3600000",
        "2d, 172800000",
        "1h30m, 5400000",
        "1m30s, 90000",
        "1.5s, 1500",
        "0s, 0",
        "0ms, 0",
        "PT10S, 10000",
        "PT1M30S, 90000",
        "PT0.25S, 250",
        "P1D, 86400000",
        "' 10s ', 10000",
    })
    void parses(String text, long millis) {
        assertEquals(Optional.of(Duration.ofMillis(millis)), DurationText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10", "s", "10 parsecs", "10 s", "-5s", "+5s", "5x", "1.s", ".5s", "10sec",
        "5M", "PT", "P", "PT-5S", "-PT5S", "P1Y", "PT9999999999999H", "P99999999999D", "9999999999999999999s",
        "1s1", "abc", "10s10s10s10s10s10s10s10s10s10s10s10s10s10s"})
    void rejects(String text) {
        assertEquals(Optional.empty(), DurationText.parse(text), () -> "accepted '" + text + "'");
    }

    @Test
    void rejectsNull() {
        assertEquals(Optional.empty(), DurationText.parse(null));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1, 1ms",
        "250, 250ms",
        "1000, 1s",
        "1500, 1500ms",
        "60000, 1m",
        "90000, 90s",
        "3600000, 1h",
        "5400000, 90m",
        "86400000, 24h",
        "3601000, 3601s",
    })
    void formatsTheShortestExactSpelling(long millis, String text) {
        assertEquals(text, DurationText.format(millis));
        assertEquals(text, DurationText.format(Long.valueOf(millis)));
    }

    @Test
    void formatsNullAsNull() {
        assertEquals(null, DurationText.format((Long) null));
    }

    @Test
    void formatThenParseRoundTrips() {
        long[] samples = {0, 1, 7, 999, 1000, 1001, 59_999, 60_000, 61_000, 3_599_999, 3_600_000, 86_400_000,
            30L * 86_400_000, 123_456_789};
        for (long millis : samples) {
            String text = DurationText.format(millis);
            assertEquals(Optional.of(Duration.ofMillis(millis)), DurationText.parse(text), text);
        }
    }

    @Test
    void parseThenFormatIsStable() {
        for (String text : new String[] {"250ms", "10s", "5m", "2h", "90s", "1500ms"}) {
            assertEquals(text, DurationText.format(DurationText.parse(text).orElseThrow().toMillis()));
        }
        assertEquals("90s", DurationText.format(DurationText.parse("PT1M30S").orElseThrow().toMillis()));
        assertTrue(DurationText.parse("1h30m").isPresent());
    }
}
