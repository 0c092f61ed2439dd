package io.heroproc.supervisor;

import io.heroproc.model.RunStatus;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.ServiceDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run that has not ended, with the current job of each action; touched only on the loop. */
final class LiveRun {

    final long id;
    final ServiceDef service;
    /** Actions in start order (dependencies first). */
    final List<ActionDef> order;
    final Map<String, LiveJob> jobs = new LinkedHashMap<>();
    RunStatus status = RunStatus.STARTING;
    String reason;
    /** A stop was asked for (by a client, or by shutdown): the run ends "exited", not "failed". */
    boolean stopping;
    /** Its jobs are being stopped, for a stop or because the run gave up. */
    boolean halting;
    /** Stop with SIGKILL at once instead of each action's signal and grace. */
    boolean killing;
    int restarts;
    /** Restarts since the service was last up for {@code reset_after}: drives backoff and max_restarts. */
    int consecutive;
    Instant nextRestartAt;
    final List<Runnable> afterEnd = new ArrayList<>();

    LiveRun(long id, ServiceDef service, List<ActionDef> order) {
        this.id = id;
        this.service = service;
        this.order = order;
    }

    String name() {
        return service.name();
    }

    LiveJob jobOf(String action) {
        return jobs.get(action);
    }

    boolean allTerminal() {
        return jobs.values().stream().allMatch(LiveJob::terminal);
    }

    LiveJob byId(long jobId) {
        return jobs.values().stream().filter(j -> j.id == jobId).findFirst().orElse(null);
    }
}
