package io.heroproc.registry;

import java.util.List;

/** Turns a quick service into the action and service specs it stands for. */
final class QuickServiceSpecs {

    static final String ACTION_SUFFIX = "_action";

    record Pair(String actionName, ActionSpec action, ServiceSpec service) {
    }

    private QuickServiceSpecs() {
    }

    static Pair split(QuickServiceSpec q) {
        Violations v = new Violations();
        Rules.name(v, "name", q.name());
        if (q.name() != null && q.name().length() + ACTION_SUFFIX.length() > 63) {
            v.add("name", "may be at most " + (63 - ACTION_SUFFIX.length()) + " characters (the action gets '"
                    + ACTION_SUFFIX + "' appended)");
        }
        if (q.command() == null || q.command().isBlank()) {
            v.add("command", "is required");
        }
        v.throwIfAny();
        String actionName = q.name() + ACTION_SUFFIX;
        java.util.Map<String, EnvValue> env = q.env() == null ? null : new java.util.TreeMap<>();
        if (q.env() != null) {
            q.env().forEach((k, val) -> env.put(k, val == null ? null : EnvValue.of(val)));
        }
        ActionSpec action = new ActionSpec(null, q.interpreter(), q.command(), q.kind(), null, env, q.cwd(), null,
                null, null, null, null);
        String wanted = q.start() == null || q.start() ? "start" : "stop";
        ServiceSpec service = new ServiceSpec(null, List.of(actionName), null, wanted, null, null, null);
        return new Pair(actionName, action, service);
    }
}
