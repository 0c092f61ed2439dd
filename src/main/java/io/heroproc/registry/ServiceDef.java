package io.heroproc.registry;

import io.heroproc.model.RestartPolicy;
import io.heroproc.model.Service;
import io.heroproc.model.Wanted;
import java.util.List;

/** A validated, normalised service: what gets stored. */
public record ServiceDef(String name, List<String> actions, List<String> requires, Wanted wanted,
        RestartPolicy restartPolicy, long backoffInitialMs, double backoffFactor, long backoffMaxMs,
        double backoffJitter, long resetAfterMs, Integer maxRestarts, boolean essential, ScheduleDef schedule) {

    public static ServiceDef of(Service s) {
        return new ServiceDef(s.name, List.copyOf(s.actions), List.copyOf(s.requires), s.wanted, s.restartPolicy,
                s.backoffInitialMs, s.backoffFactor, s.backoffMaxMs, s.backoffJitter, s.resetAfterMs, s.maxRestarts,
                s.essential, ScheduleDef.of(s));
    }

    /** Its fields by their API names, for the diff of a change event. */
    java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("actions", actions);
        f.put("requires", requires);
        f.put("wanted", wanted.wire());
        f.put("restart.policy", restartPolicy.wire());
        f.put("restart.backoff.initial", DurationText.format(backoffInitialMs));
        f.put("restart.backoff.factor", backoffFactor);
        f.put("restart.backoff.max", DurationText.format(backoffMaxMs));
        f.put("restart.backoff.jitter", backoffJitter);
        f.put("restart.reset_after", DurationText.format(resetAfterMs));
        f.put("restart.max_restarts", maxRestarts);
        f.put("essential", essential);
        f.put("schedule.cron", schedule == null ? null : schedule.cron());
        f.put("schedule.every", schedule == null ? null : DurationText.format(schedule.everyMs()));
        f.put("schedule.overlap", schedule == null ? null : schedule.overlap().wire());
        return f;
    }

    void copyTo(Service s) {
        s.name = name;
        s.actions = actions;
        s.requires = requires;
        s.wanted = wanted;
        s.restartPolicy = restartPolicy;
        s.backoffInitialMs = backoffInitialMs;
        s.backoffFactor = backoffFactor;
        s.backoffMaxMs = backoffMaxMs;
        s.backoffJitter = backoffJitter;
        s.resetAfterMs = resetAfterMs;
        s.maxRestarts = maxRestarts;
        s.essential = essential;
        s.scheduleCron = schedule == null ? null : schedule.cron();
        s.scheduleEveryMs = schedule == null ? null : schedule.everyMs();
        s.scheduleOverlap = schedule == null ? null : schedule.overlap();
    }
}
