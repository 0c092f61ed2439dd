package io.heroproc.web;

import io.heroproc.registry.DurationText;
import io.heroproc.usage.UsageQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The CPU and memory charts of a job or of a run, from {@code from} to {@code to} (now while it
 * runs), or why there is nothing to draw yet.
 *
 * @param live the job or run is still going: the page keeps polling for new samples
 * @param empty what to say when there are no samples; null when there are
 */
public record UsageCharts(UsageChart cpu, UsageChart memory, int samples, boolean live, String empty) {

    /** Charts drawn this wide in points (the SVG stretches them): more would be finer than a pixel. */
    static final int POINTS = 240;

    /**
     * @param start when the job or run started; the axis starts there, or one interval before the
     *        oldest sample kept when retention dropped the older ones
     * @param end when it ended; null while it runs (the axis ends now)
     */
    static UsageCharts of(List<UsageQuery.Point> points, Instant start, Instant end, Duration interval) {
        boolean live = end == null;
        String every = DurationText.format(interval.toMillis());
        if (points.isEmpty() || start == null) {
            String empty = live ? "No sample yet: one is taken every " + every + "."
                    : "No samples: it ended before the first one (one is taken every " + every + ").";
            return new UsageCharts(null, null, 0, live, empty);
        }
        Instant from = start.isBefore(points.getFirst().ts().minus(interval.multipliedBy(2)))
                ? points.getFirst().ts().minus(interval) : start;
        Instant to = live ? Instant.now() : end;
        double cpuMax = points.stream().mapToDouble(UsageQuery.Point::cpuPercent).max().orElse(0);
        UsageChart cpu = UsageChart.of("CPU", "%", points.stream().map(p -> new UsageChart.Sample(p.ts(),
                p.cpuPercent())).toList(), NiceScale.of(cpuMax, 1), from, to,
                v -> String.format(Locale.ROOT, "%.1f %%", v));
        long rssMax = points.stream().mapToLong(UsageQuery.Point::rssBytes).max().orElse(0);
        ByteUnit unit = ByteUnit.of(rssMax);
        UsageChart memory = UsageChart.of("Memory (RSS)", unit.name, points.stream().map(p -> new UsageChart.Sample(
                p.ts(), p.rssBytes() / unit.bytes)).toList(), NiceScale.of(rssMax / unit.bytes, 1), from, to,
                v -> NiceScale.format(Math.round(v * 10) / 10.0) + " " + unit.name);
        return new UsageCharts(cpu, memory, points.size(), live, null);
    }

    /** Both charts, for the template to draw alike. */
    public List<UsageChart> charts() {
        return cpu == null ? List.of() : List.of(cpu, memory);
    }

    /** The unit memory is drawn in: the largest in which the peak is at least 1. */
    private record ByteUnit(String name, double bytes) {
        static ByteUnit of(long max) {
            if (max >= 1L << 30) {
                return new ByteUnit("GiB", 1L << 30);
            }
            if (max >= 1L << 20) {
                return new ByteUnit("MiB", 1L << 20);
            }
            return max >= 1024 ? new ByteUnit("KiB", 1024) : new ByteUnit("B", 1);
        }
    }
}
