package io.heroproc.registry;

import java.util.Map;
import java.util.Set;

/**
 * Fired inside the writing transaction; observe it AFTER_SUCCESS to react to committed changes.
 * {@code committed}: the definitions as written, for the services a change created or replaced
 * whole, so that observers need not read them back (a service not in it is looked up).
 */
public record CatalogChanged(Set<String> services, Map<String, ServiceDef> committed) {

    public CatalogChanged(Set<String> services) {
        this(services, Map.of());
    }

    /** One service written as {@code def}. */
    public static CatalogChanged written(ServiceDef def) {
        return new CatalogChanged(Set.of(def.name()), Map.of(def.name(), def));
    }
}
