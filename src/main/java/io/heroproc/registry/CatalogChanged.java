package io.heroproc.registry;

import java.util.Set;

/** Fired inside the writing transaction; observe it AFTER_SUCCESS to react to committed changes. */
public record CatalogChanged(Set<String> services) {
}
