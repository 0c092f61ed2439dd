package io.heroproc.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds a dependency cycle in a graph of names, to name it in the error. */
final class Cycles {

    private Cycles() {
    }

    /** A cycle reachable from {@code start}, as a path that ends where it begins ({@code a → b → a}). */
    static Optional<List<String>> from(String start, Map<String, List<String>> edges) {
        return walk(start, edges, new ArrayList<>(), new HashSet<>());
    }

    private static Optional<List<String>> walk(String node, Map<String, List<String>> edges, List<String> path,
            Set<String> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (!done.add(node)) {
            return Optional.empty();
        }
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            Optional<List<String>> cycle = walk(next, edges, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.removeLast();
        return Optional.empty();
    }

    static String describe(List<String> cycle) {
        return String.join(" → ", cycle);
    }
}
