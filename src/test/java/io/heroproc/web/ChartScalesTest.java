package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.usage.UsageQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The charts' scales: round values, headroom over the peak, round times, units that fit. */
class ChartScalesTest {

    @Test
    void valueScalesEndOnARoundNumberAboveThePeak() {
        assertEquals(new NiceScale(4, 1), NiceScale.of(3.4, 1));
        assertEquals(new NiceScale(5, 1), NiceScale.of(4, 1), "a peak on a round top gets a step of headroom");
        assertEquals(new NiceScale(1, 0.25), NiceScale.of(0, 1), "an idle CPU still has a scale");
        assertEquals(new NiceScale(150, 50), NiceScale.of(120, 1));
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), NiceScale.of(0.2, 1).ticks());
        assertEquals("2.5", NiceScale.format(2.5));
        assertEquals("0.3", NiceScale.format(0.1 + 0.2));
        assertEquals("40", NiceScale.format(40.0));
    }

    @Test
    void timeTicksFallOnRoundTimes() {
        Instant from = Instant.parse("2026-01-01T12:00:07Z");
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(from, from.plus(Duration.ofMinutes(10)), 4);
        assertTrue(ticks.size() >= 3 && ticks.size() <= 5, ticks.toString());
        for (TimeAxis.Tick t : ticks) {
            assertEquals(0, t.at().getEpochSecond() % 120, "every 2 minutes: " + t);
            assertTrue(t.position() >= 0 && t.position() <= 1, t.toString());
            assertTrue(t.label().matches("\\d\\d:\\d\\d"), "minutes without seconds: " + t.label());
        }
        List<TimeAxis.Tick> seconds = TimeAxis.ticks(from, from.plusSeconds(20), 4);
        assertTrue(seconds.stream().allMatch(t -> t.label().matches("\\d\\d:\\d\\d:\\d\\d")
                && t.at().getEpochSecond() % 5 == 0), seconds.toString());
    }

    @Test
    void memoryIsDrawnInAUnitThatFitsAndAFlatLineIsNotOnTheTop() {
        Instant start = Instant.now().minusSeconds(60);
        List<UsageQuery.Point> flat = IntStream.range(0, 10).mapToObj(i -> new UsageQuery.Point(
                start.plusSeconds(5 + 5L * i), 1.5, 30L << 20)).toList();
        UsageCharts charts = UsageCharts.of(flat, start, start.plusSeconds(60), Duration.ofSeconds(5));
        assertEquals("MiB", charts.memory().unit());
        assertEquals("30 MiB", charts.memory().peak());
        assertTrue(charts.memory().yTicks().getLast().label().matches("\\d+ MiB"), charts.memory().yTicks().toString());
        double top = Double.parseDouble(charts.memory().points().split(" ")[0].split(",")[1]);
        assertTrue(top > 10, "30 MiB flat sits below the top of the plot (y=" + top + " of 100)");
        assertTrue(charts.cpu().xTicks().size() >= 2, "a time axis");
        assertEquals(false, charts.live());
    }

    @Test
    void noSamplesSaysWhy() {
        Instant start = Instant.now();
        assertTrue(UsageCharts.of(List.of(), start, null, Duration.ofSeconds(5)).empty().startsWith("No sample yet"));
        assertTrue(UsageCharts.of(List.of(), start, start.plusSeconds(1), Duration.ofSeconds(5)).empty()
                .contains("ended before the first one"));
    }
}
