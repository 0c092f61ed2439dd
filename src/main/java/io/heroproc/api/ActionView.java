package io.heroproc.api;

import io.heroproc.model.Action;
import io.heroproc.model.ActionKind;
import io.heroproc.model.HealthCheck;
import io.heroproc.model.HealthType;
import io.heroproc.registry.EnvValue;
import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.DurationText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An action as the API shows it: the shape a client writes, plus what hero-proc keeps about it. */
public record ActionView(String name, String interpreter, String script, ActionKind kind, String timeout,
        Map<String, EnvValue> env, List<String> envFile, String cwd, String user,
        List<ActionSpec.DependsOn> dependsOn, ActionSpec.Health health, ActionSpec.Stop stop, List<String> passEnv,
        List<Integer> successExitCodes, int replicas, String generatedBy, Instant createdAt, Instant updatedAt) {

    static ActionView of(Action a) {
        return new ActionView(a.name, a.interpreter, a.script, a.kind, DurationText.format(a.timeoutMs), shown(a),
                a.envFiles == null ? List.of() : a.envFiles, a.cwd,
                a.user, a.dependsOn.stream().map(d -> new ActionSpec.DependsOn(d.action(), d.condition().wire()))
                        .toList(),
                health(a.health), new ActionSpec.Stop(a.stopSignal, DurationText.format(a.stopGraceMs), a.stopLeftovers,
                        a.stopCommand),
                a.passEnv == null ? List.of() : a.passEnv,
                a.successExitCodes == null || a.successExitCodes.isEmpty() ? List.of(0) : a.successExitCodes,
                a.replicas, a.generatedBy, a.createdAt, a.updatedAt);
    }

    /** The environment with every secret's value replaced by {@link EnvValue#HIDDEN}. */
    static Map<String, EnvValue> shown(Action a) {
        Map<String, EnvValue> env = new TreeMap<>();
        a.env.forEach((k, v) -> env.put(k, a.secretEnv != null && a.secretEnv.contains(k)
                ? new EnvValue(EnvValue.HIDDEN, true) : EnvValue.of(v)));
        return env;
    }

    private static ActionSpec.Health health(HealthCheck h) {
        if (h == null) {
            return null;
        }
        boolean log = h.type() == HealthType.LOG;
        return new ActionSpec.Health(h.type().wire(), log ? null : h.target(), log ? h.target() : null,
                DurationText.format(h.intervalMs()), DurationText.format(h.timeoutMs()), h.retries(),
                DurationText.format(h.startPeriodMs()), DurationText.format(h.startTimeoutMs()));
    }
}
