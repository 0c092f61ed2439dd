package io.heroproc.model;

/** One entry of an action's {@code depends_on}: another action of the same service. */
public record Dependency(String action, DependencyCondition condition) {
}
