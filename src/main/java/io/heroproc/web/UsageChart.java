package io.heroproc.web;

import io.heroproc.usage.UsageQuery;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** CPU and RSS history drawn as two SVG polylines, scaled to the chart box. */
public record UsageChart(int width, int height, String cpuPoints, String rssPoints, String cpuMax, String rssMax,
        int samples) {

    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    static UsageChart of(List<UsageQuery.Point> points) {
        double cpuMax = Math.max(100, points.stream().mapToDouble(UsageQuery.Point::cpuPercent).max().orElse(0));
        long rssMax = Math.max(1, points.stream().mapToLong(UsageQuery.Point::rssBytes).max().orElse(1));
        return new UsageChart(WIDTH, HEIGHT, line(points, p -> p.cpuPercent() / cpuMax),
                line(points, p -> p.rssBytes() / (double) rssMax), String.format(Locale.ROOT, "%.0f%%", cpuMax),
                Formats.bytes(rssMax), points.size());
    }

    private static String line(List<UsageQuery.Point> points, java.util.function.ToDoubleFunction<UsageQuery.Point> y) {
        int n = points.size();
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> String.format(Locale.ROOT, "%.1f,%.1f", n == 1 ? 0.0 : i * (WIDTH - 1.0) / (n - 1),
                        HEIGHT - 2 - y.applyAsDouble(points.get(i)) * (HEIGHT - 4)))
                .collect(Collectors.joining(" "));
    }
}
