package io.heroproc.registry;

import io.heroproc.model.Dependency;
import java.util.List;
import java.util.Map;

/** Rules between objects: references exist, dependencies stay inside a service, no cycles. */
final class CatalogRules {

    private CatalogRules() {
    }

    /** Checks the changed actions and services of {@code draft}, reporting each under its own fields. */
    static void check(Catalog draft, Map<String, Violations> changedActions, Map<String, Violations> changedServices) {
        changedActions.forEach((name, v) -> checkAction(draft, draft.actions.get(name), v));
        changedServices.forEach((name, v) -> checkService(draft, draft.services.get(name), v));
    }

    private static void checkAction(Catalog draft, ActionDef action, Violations v) {
        List<Dependency> deps = action.dependsOn();
        for (int i = 0; i < deps.size(); i++) {
            String target = deps.get(i).action();
            if (target == null || !Rules.validName(target)) {
                continue;
            }
            String field = "depends_on[" + i + "].action";
            if (!draft.actions.containsKey(target)) {
                v.add(field, "no action named '" + target + "'");
                continue;
            }
            for (String service : draft.servicesUsing(action.name())) {
                if (!draft.services.get(service).actions().contains(target)) {
                    v.add(field, "'" + target + "' is not an action of service '" + service
                            + "', which runs this action (depends_on stays inside one service)");
                }
            }
        }
        Cycles.from(action.name(), draft.actionEdges())
                .ifPresent(c -> v.add("depends_on", "dependency cycle: " + Cycles.describe(c)));
    }

    private static void checkService(Catalog draft, ServiceDef service, Violations v) {
        List<String> actions = service.actions();
        for (int i = 0; i < actions.size(); i++) {
            ActionDef action = draft.actions.get(actions.get(i));
            if (action == null) {
                v.add("actions[" + i + "]", "no action named '" + actions.get(i) + "'");
                continue;
            }
            for (Dependency d : action.dependsOn()) {
                if (!actions.contains(d.action())) {
                    v.add("actions[" + i + "]", "action '" + action.name() + "' depends on '" + d.action()
                            + "', which is not in this service's actions");
                }
            }
        }
        List<String> requires = service.requires();
        for (int i = 0; i < requires.size(); i++) {
            if (requires.get(i) != null && !draft.services.containsKey(requires.get(i))) {
                v.add("requires[" + i + "]", "no service named '" + requires.get(i) + "'");
            }
        }
        Cycles.from(service.name(), draft.serviceEdges())
                .ifPresent(c -> v.add("requires", "dependency cycle: " + Cycles.describe(c)));
    }
}
