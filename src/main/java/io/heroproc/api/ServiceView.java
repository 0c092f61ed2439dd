package io.heroproc.api;

import io.heroproc.model.Service;
import io.heroproc.model.Wanted;
import io.heroproc.registry.DurationText;
import io.heroproc.registry.ScheduleDef;
import io.heroproc.registry.ServiceDef;
import io.heroproc.registry.ServiceSpec;
import java.time.Instant;
import java.util.List;

/** A service as the API shows it. {@code wanted} is the wish; the actual state is in its status. */
public record ServiceView(String name, List<String> actions, List<String> requires, Wanted wanted,
        ServiceSpec.Restart restart, boolean essential, ServiceSpec.Schedule schedule, Instant createdAt,
        Instant updatedAt) {

    static ServiceView of(Service s) {
        var backoff = new ServiceSpec.Backoff(DurationText.format(s.backoffInitialMs), s.backoffFactor,
                DurationText.format(s.backoffMaxMs), s.backoffJitter);
        var restart = new ServiceSpec.Restart(s.restartPolicy.wire(), backoff, DurationText.format(s.resetAfterMs),
                s.maxRestarts);
        ScheduleDef schedule = ServiceDef.of(s).schedule();
        return new ServiceView(s.name, s.actions, s.requires, s.wanted, restart, s.essential,
                schedule == null ? null : schedule.spec(), s.createdAt, s.updatedAt);
    }
}
