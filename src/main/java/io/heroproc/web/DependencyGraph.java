package io.heroproc.web;

import io.heroproc.model.Dependency;
import io.heroproc.model.DependencyCondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The actions of a service (or the jobs of a run) laid out left to right by dependency depth,
 * for an SVG: an action sits one column right of the deepest action it depends on. Sizes are in
 * pixels; a wide graph scrolls inside its box rather than shrinking its text.
 */
public record DependencyGraph(int width, int height, List<Node> nodes, List<Edge> edges) {

    static final int NODE_WIDTH = 172;
    static final int NODE_HEIGHT = 44;
    static final int COLUMN_GAP = 56;
    static final int ROW_GAP = 14;
    static final int MARGIN = 8;
    static final int ARC = 30;
    private static final int LABEL_CHARS = 22;

    /**
     * A box: the action, what to show under its name, the CSS class of its state and where the
     * box links to (its job), if anywhere.
     */
    public record Node(String name, String label, String detail, String css, String href, int x, int y) {

        public int width() {
            return NODE_WIDTH;
        }

        public int height() {
            return NODE_HEIGHT;
        }

        public int textX() {
            return x + 10;
        }

        public int nameY() {
            return y + 18;
        }

        public int detailY() {
            return y + 35;
        }
    }

    /** An arrow from the dependency to its dependent; {@code after} is dashed. */
    public record Edge(String path, String condition) {

        public boolean after() {
            return DependencyCondition.AFTER.wire().equals(condition);
        }
    }

    /** What the graph draws for one action: its dependencies and how the box reads. */
    record Item(String name, List<Dependency> dependsOn, String detail, String css, String href) {
    }

    static DependencyGraph of(List<Item> items) {
        Map<String, Item> byName = new LinkedHashMap<>();
        items.forEach(i -> byName.put(i.name(), i));
        Map<String, Integer> column = new HashMap<>();
        for (Item i : items) {
            depth(i, byName, column, 0);
        }
        // An edge that skips a column arcs over the boxes between: leave room above them.
        boolean arcs = items.stream().anyMatch(i -> i.dependsOn().stream().anyMatch(d -> byName.containsKey(d.action())
                && column.get(i.name()) - column.get(d.action()) > 1));
        int top = MARGIN + (arcs ? ARC : 0);
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Item i : items) {
            int col = column.get(i.name());
            int row = rows.merge(col, 1, Integer::sum) - 1;
            nodes.put(i.name(), new Node(i.name(), label(i.name()), i.detail(), i.css(), i.href(),
                    MARGIN + col * (NODE_WIDTH + COLUMN_GAP), top + row * (NODE_HEIGHT + ROW_GAP)));
        }
        List<Edge> edges = new ArrayList<>();
        for (Item i : items) {
            Node to = nodes.get(i.name());
            for (Dependency d : i.dependsOn()) {
                Node from = nodes.get(d.action());
                if (from != null) {
                    boolean skips = column.get(i.name()) - column.get(d.action()) > 1;
                    edges.add(new Edge(skips ? arc(from, to) : curve(from, to), d.condition().wire()));
                }
            }
        }
        int columns = column.values().stream().mapToInt(c -> c + 1).max().orElse(0);
        int tallest = rows.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new DependencyGraph(2 * MARGIN + columns * NODE_WIDTH + Math.max(0, columns - 1) * COLUMN_GAP,
                top + MARGIN + tallest * NODE_HEIGHT + Math.max(0, tallest - 1) * ROW_GAP,
                List.copyOf(nodes.values()), edges);
    }

    /** Longest path from an action without dependencies; the guard stops a cycle (refused at registration). */
    private static int depth(Item item, Map<String, Item> byName, Map<String, Integer> known, int guard) {
        Integer done = known.get(item.name());
        if (done != null) {
            return done;
        }
        int depth = 0;
        if (guard <= byName.size()) {
            for (Dependency d : item.dependsOn()) {
                Item dep = byName.get(d.action());
                if (dep != null) {
                    depth = Math.max(depth, depth(dep, byName, known, guard + 1) + 1);
                }
            }
        }
        known.put(item.name(), depth);
        return depth;
    }

    private static String curve(Node from, Node to) {
        double x1 = from.x() + NODE_WIDTH;
        double y1 = from.y() + NODE_HEIGHT / 2.0;
        double x2 = to.x() - 6;
        double y2 = to.y() + NODE_HEIGHT / 2.0;
        double bend = Math.max(20, (x2 - x1) / 2);
        return String.format(Locale.ROOT, "M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f", x1, y1, x1 + bend, y1, x2 - bend,
                y2, x2, y2);
    }

    /** From the top of the dependency, over the boxes in between, down onto the dependent's top. */
    private static String arc(Node from, Node to) {
        double x1 = from.x() + NODE_WIDTH * 0.75;
        double x2 = to.x() + NODE_WIDTH * 0.25;
        double y1 = from.y();
        double y2 = to.y() - 6;
        double over = Math.min(y1, y2) - ARC + 4;
        return String.format(Locale.ROOT, "M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f", x1, y1, x1, over, x2, over, x2,
                y2);
    }

    private static String label(String name) {
        return name.length() <= LABEL_CHARS ? name : name.substring(0, LABEL_CHARS - 1) + "…";
    }
}
