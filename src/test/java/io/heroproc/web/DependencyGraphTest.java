package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.Dependency;
import io.heroproc.model.DependencyCondition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Actions are laid out one column right of the deepest action they depend on. */
class DependencyGraphTest {

    private static DependencyGraph.Item item(String name, Dependency... deps) {
        return new DependencyGraph.Item(name, List.of(deps), "process", "node-action", null);
    }

    @Test
    void columnsFollowDependencyDepthAndEdgesKeepTheirCondition() {
        DependencyGraph g = DependencyGraph.of(List.of(item("db"), item("cache"),
                item("server", new Dependency("db", DependencyCondition.REQUIRES)),
                item("worker", new Dependency("server", DependencyCondition.REQUIRES),
                        new Dependency("db", DependencyCondition.AFTER),
                        new Dependency("gone", DependencyCondition.AFTER))));
        Map<String, DependencyGraph.Node> nodes = g.nodes().stream()
                .collect(Collectors.toMap(DependencyGraph.Node::name, n -> n));
        int column = DependencyGraph.NODE_WIDTH + DependencyGraph.COLUMN_GAP;
        assertEquals(nodes.get("db").x(), nodes.get("cache").x(), "both have no dependency");
        assertTrue(nodes.get("cache").y() > nodes.get("db").y(), "one under the other");
        assertEquals(nodes.get("db").x() + column, nodes.get("server").x());
        assertEquals(nodes.get("db").x() + 2 * column, nodes.get("worker").x());
        assertEquals(3, g.edges().size(), "an edge per dependency inside the graph");
        assertEquals(1, g.edges().stream().filter(DependencyGraph.Edge::after).count());
        assertTrue(g.width() >= nodes.get("worker").x() + DependencyGraph.NODE_WIDTH);
        assertTrue(g.height() >= nodes.get("cache").y() + DependencyGraph.NODE_HEIGHT);
        assertTrue(nodes.get("db").y() >= DependencyGraph.ARC, "room above for the edge that skips a column");
    }

    @Test
    void aCycleDoesNotHangTheLayout() {
        DependencyGraph g = DependencyGraph.of(List.of(item("a", new Dependency("b", DependencyCondition.AFTER)),
                item("b", new Dependency("a", DependencyCondition.AFTER))));
        assertEquals(2, g.nodes().size());
    }

    @Test
    void longNamesAreShortenedInTheBoxOnly() {
        String name = "a-very-long-action-name-that-does-not-fit";
        DependencyGraph.Node node = DependencyGraph.of(List.of(item(name))).nodes().getFirst();
        assertEquals(name, node.name());
        assertTrue(node.label().endsWith("…") && node.label().length() <= 22, node.label());
    }
}
