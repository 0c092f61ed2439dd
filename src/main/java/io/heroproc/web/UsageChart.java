package io.heroproc.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One series (CPU or memory) over time as the parts of an SVG chart: a plot whose viewBox is
 * 1000 × 100 stretched to the chart's width (so the page decides the width), and axis labels
 * laid over it in pixels (values) or percent of the width (times), so text keeps its size at
 * any width.
 *
 * @param points the line, in viewBox units
 * @param area the same line closed down to the x axis, for the fill
 * @param yTicks value labels, with their height in pixels from the top of the chart
 * @param xTicks time labels, with their position in percent of the width
 */
public record UsageChart(String title, String unit, String points, String area, List<YTick> yTicks,
        List<XTick> xTicks, String now, String peak, String description) {

    /** Height of the SVG, and where the plot sits in it, in pixels. */
    static final int HEIGHT = 150;
    static final int PLOT_TOP = 12;
    static final int PLOT_HEIGHT = 112;
    static final int X_LABELS = 142;

    public record YTick(double y, double gridY, String label) {
    }

    public record XTick(String percent, double gridX, String label, String anchor) {
    }

    /** One sample of the series. */
    record Sample(Instant at, double value) {
    }

    /**
     * @param format spells a value of the series in {@code unit} (for "now" and "peak")
     */
    static UsageChart of(String title, String unit, List<Sample> samples, NiceScale scale, Instant from,
            Instant to, Function<Double, String> format) {
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        List<String> xy = samples.stream().map(s -> String.format(Locale.ROOT, "%.1f,%.1f",
                Math.clamp((s.at().toEpochMilli() - from.toEpochMilli()) / span * 1000, 0, 1000),
                100 - Math.clamp(s.value() / scale.top(), 0, 1) * 100)).toList();
        xy = dashIfSingle(samples, xy, from, span);
        String points = String.join(" ", xy);
        String area = xy.isEmpty() ? "" : xy.getFirst().replaceFirst(",.*", ",100") + " " + points + " "
                + xy.getLast().replaceFirst(",.*", ",100");
        List<YTick> yTicks = scale.ticks().stream().map(v -> {
            double fraction = v / scale.top();
            return new YTick(PLOT_TOP + (1 - fraction) * PLOT_HEIGHT - 3, 100 - fraction * 100,
                    NiceScale.format(v) + " " + unit);
        }).toList();
        List<XTick> xTicks = TimeAxis.ticks(from, to, 4).stream()
                .map(t -> new XTick(String.format(Locale.ROOT, "%.2f%%", t.position() * 100), t.position() * 1000,
                        t.label(), t.position() < 0.08 ? "start" : t.position() > 0.92 ? "end" : "middle"))
                .toList();
        double peak = samples.stream().mapToDouble(Sample::value).max().orElse(0);
        String now = samples.isEmpty() ? "" : format.apply(samples.getLast().value());
        String description = title + " from " + io.heroproc.model.Clock.hms(from) + " to "
                + io.heroproc.model.Clock.hms(to) + ", " + samples.size() + " samples, peak " + format.apply(peak)
                + (now.isEmpty() ? "" : ", latest " + now);
        return new UsageChart(title, unit, points, area, yTicks, xTicks, now, format.apply(peak), description);
    }

    /** "cpu" or "memory": picks the line's colour. */
    public String kind() {
        return "%".equals(unit) ? "cpu" : "memory";
    }

    public int height() {
        return HEIGHT;
    }

    public int plotTop() {
        return PLOT_TOP;
    }

    public int plotHeight() {
        return PLOT_HEIGHT;
    }

    public int xLabelY() {
        return X_LABELS;
    }

    /** A single sample is drawn as a short dash around it: a polyline of one point draws nothing. */
    private static List<String> dashIfSingle(List<Sample> samples, List<String> xy, Instant from, double span) {
        if (xy.size() != 1) {
            return xy;
        }
        double x = Math.clamp((samples.getFirst().at().toEpochMilli() - from.toEpochMilli()) / span * 1000, 6, 994);
        String y = xy.getFirst().replaceFirst(".*,", "");
        return List.of(String.format(Locale.ROOT, "%.1f,%s", x - 6, y),
                String.format(Locale.ROOT, "%.1f,%s", x + 6, y));
    }
}
