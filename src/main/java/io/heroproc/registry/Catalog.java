package io.heroproc.registry;

import io.heroproc.model.Action;
import io.heroproc.model.Service;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every action and service as they would be after a change: the draft that reference and cycle
 * rules are checked against before anything is written.
 */
final class Catalog {

    final Map<String, ActionDef> actions;
    final Map<String, ServiceDef> services;

    private Catalog(Map<String, ActionDef> actions, Map<String, ServiceDef> services) {
        this.actions = actions;
        this.services = services;
    }

    static Catalog load() {
        return new Catalog(
                Action.<Action>listAll().stream().map(ActionDef::of)
                        .collect(Collectors.toMap(ActionDef::name, Function.identity(), (a, b) -> a, TreeMap::new)),
                Service.<Service>listAll().stream().map(ServiceDef::of)
                        .collect(Collectors.toMap(ServiceDef::name, Function.identity(), (a, b) -> a, TreeMap::new)));
    }

    List<String> servicesUsing(String action) {
        return services.values().stream().filter(s -> s.actions().contains(action)).map(ServiceDef::name).toList();
    }

    List<String> actionsDependingOn(String action) {
        return actions.values().stream().filter(a -> a.dependencyNames().contains(action)).map(ActionDef::name)
                .toList();
    }

    List<String> servicesRequiring(String service) {
        return services.values().stream().filter(s -> s.requires().contains(service)).map(ServiceDef::name).toList();
    }

    Map<String, List<String>> actionEdges() {
        return actions.values().stream().collect(Collectors.toMap(ActionDef::name, ActionDef::dependencyNames));
    }

    Map<String, List<String>> serviceEdges() {
        return services.values().stream().collect(Collectors.toMap(ServiceDef::name, ServiceDef::requires));
    }
}
