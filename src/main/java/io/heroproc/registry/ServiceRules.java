package io.heroproc.registry;

import io.heroproc.model.RestartPolicy;
import io.heroproc.model.Wanted;
import io.heroproc.model.WireEnum;
import java.time.Duration;
import java.util.List;

/** The rules of one service on its own; references are checked by {@link CatalogRules}. */
final class ServiceRules {

    static final java.util.Set<String> RESERVED = java.util.Set.of("status");

    private ServiceRules() {
    }

    static ServiceDef check(String name, ServiceSpec spec, Violations v) {
        Rules.name(v, "name", name);
        if (RESERVED.contains(name)) {
            v.add("name", "'" + name + "' is reserved (GET /api/v1/services/" + name + " is the bulk status)");
        }
        Rules.sameName(v, name, spec.name());
        if (spec.actions() == null || spec.actions().isEmpty()) {
            v.add("actions", "must list at least one action");
        }
        List<String> actions = Rules.names(v, "actions", spec.actions(), null);
        List<String> requires = Rules.names(v, "requires", spec.requires(), name);
        Wanted wanted = wanted(v, "wanted", spec.wanted());
        ServiceSpec.Restart restart = spec.restart() == null ? new ServiceSpec.Restart(null, null, null, null)
                : spec.restart();
        Violations r = v.under("restart");
        RestartPolicy policy = restart.policy() == null ? RestartPolicy.ALWAYS
                : WireEnum.parse(RestartPolicy.class, restart.policy()).orElseGet(() -> {
                    r.add("policy", "must be one of " + WireEnum.choices(RestartPolicy.class) + ", got '"
                            + Rules.shorten(restart.policy()) + "'");
                    return RestartPolicy.ALWAYS;
                });
        ServiceSpec.Backoff backoff = restart.backoff() == null ? new ServiceSpec.Backoff(null, null, null, null)
                : restart.backoff();
        Violations b = r.under("backoff");
        long initial = Rules.duration(b, "initial", backoff.initial(), Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofHours(1));
        double factor = backoff.factor() == null ? 2.0 : backoff.factor();
        if (!(factor >= 1.0 && factor <= 10.0)) {
            b.add("factor", "must be between 1 and 10, got " + factor);
        }
        long max = Rules.duration(b, "max", backoff.max(), Duration.ofMinutes(1), Duration.ofMillis(1),
                Duration.ofDays(1));
        if (max < initial) {
            b.add("max", "must not be shorter than initial (" + DurationText.format(initial) + ")");
        }
        double jitter = backoff.jitter() == null ? 0.1 : backoff.jitter();
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            b.add("jitter", "must be between 0 and 1, got " + jitter);
        }
        long resetAfter = Rules.duration(r, "reset_after", restart.resetAfter(), Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofDays(7));
        Integer maxRestarts = restart.maxRestarts();
        if (maxRestarts != null && (maxRestarts < 0 || maxRestarts > 1_000_000)) {
            r.add("max_restarts", "must be between 0 and 1000000 (leave it out for no limit), got " + maxRestarts);
        }
        boolean essential = spec.essential() != null && spec.essential();
        ScheduleDef schedule = ScheduleRules.check(spec.schedule(), v);
        if (essential && spec.schedule() != null) {
            v.add("essential", "cannot be true for a scheduled service: each of its runs ends, and hero-proc would "
                    + "exit with the first");
        }
        return new ServiceDef(name, actions, requires, wanted, policy, initial, factor, max, jitter, resetAfter,
                maxRestarts, essential, schedule);
    }

    static Wanted wanted(Violations v, String field, String wanted) {
        if (wanted == null) {
            return Wanted.START;
        }
        return WireEnum.parse(Wanted.class, wanted).orElseGet(() -> {
            v.add(field, "must be one of " + WireEnum.choices(Wanted.class) + ", got '" + Rules.shorten(wanted) + "'");
            return Wanted.START;
        });
    }
}
