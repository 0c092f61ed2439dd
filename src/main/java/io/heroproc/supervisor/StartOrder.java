package io.heroproc.supervisor;

import io.heroproc.model.Dependency;
import io.heroproc.registry.ActionDef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A service's actions with dependencies first, otherwise in the order the service lists them. */
final class StartOrder {

    private StartOrder() {
    }

    static List<ActionDef> of(List<String> names, Map<String, ActionDef> actions) {
        Set<String> placed = new LinkedHashSet<>();
        for (String name : names) {
            place(name, actions, placed, new LinkedHashSet<>());
        }
        List<ActionDef> order = new ArrayList<>();
        placed.forEach(n -> order.add(actions.get(n)));
        return order;
    }

    private static void place(String name, Map<String, ActionDef> actions, Set<String> placed, Set<String> visiting) {
        ActionDef action = actions.get(name);
        if (action == null) {
            throw new IllegalStateException("action '" + name + "' no longer exists");
        }
        if (placed.contains(name) || !visiting.add(name)) {
            return;
        }
        for (Dependency d : action.dependsOn()) {
            place(d.action(), actions, placed, visiting);
        }
        placed.add(name);
    }
}
