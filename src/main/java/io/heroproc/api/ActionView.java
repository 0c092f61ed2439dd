package io.heroproc.api;

import io.heroproc.model.Action;
import io.heroproc.model.ActionKind;
import io.heroproc.model.HealthCheck;
import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.DurationText;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An action as the API shows it: the shape a client writes, plus what hero-proc keeps about it. */
public record ActionView(String name, String interpreter, String script, ActionKind kind, String timeout,
        Map<String, String> env, String cwd, String user, List<ActionSpec.DependsOn> dependsOn,
        ActionSpec.Health health, ActionSpec.Stop stop, List<String> passEnv, String generatedBy, Instant createdAt,
        Instant updatedAt) {

    static ActionView of(Action a) {
        return new ActionView(a.name, a.interpreter, a.script, a.kind, DurationText.format(a.timeoutMs), a.env, a.cwd,
                a.user, a.dependsOn.stream().map(d -> new ActionSpec.DependsOn(d.action(), d.condition().wire()))
                        .toList(),
                health(a.health), new ActionSpec.Stop(a.stopSignal, DurationText.format(a.stopGraceMs), a.stopLeftovers),
                a.passEnv == null ? List.of() : a.passEnv, a.generatedBy,
                a.createdAt, a.updatedAt);
    }

    private static ActionSpec.Health health(HealthCheck h) {
        return h == null ? null
                : new ActionSpec.Health(h.type().wire(), h.target(), DurationText.format(h.intervalMs()),
                        DurationText.format(h.timeoutMs()), h.retries(), DurationText.format(h.startPeriodMs()));
    }
}
