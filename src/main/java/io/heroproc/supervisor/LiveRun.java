package io.heroproc.supervisor;

import io.heroproc.model.RunStatus;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.ServiceDef;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A run that has not ended, with the current job of each action; touched only on the loop. Its
 * life is the {@link RunState} table; the rest is what it knows.
 */
final class LiveRun {

    private static final Logger LOG = Logger.getLogger(LiveRun.class);

    final long id;
    final ServiceDef service;
    /** Actions in start order (dependencies first). */
    final List<ActionDef> order;
    /** The current job of each action's replica, by {@link #key}. */
    final Map<String, LiveJob> jobs = new LinkedHashMap<>();
    /** How many replicas of each action the run keeps (scaled live). */
    final Map<String, Integer> replicas = new HashMap<>();
    private RunState state = RunState.STARTING;
    /** The state it ended from (kept once {@link RunState#ENDED}, which forgets how it got there). */
    private RunState endedFrom;
    /** What is stored as its status: starting or running while up, then ok or error. */
    RunStatus status = RunStatus.STARTING;
    String reason;
    int restarts;
    /** Restarts since the service was last up for {@code reset_after}: drives backoff and max_restarts. */
    int consecutive;
    Instant nextRestartAt;
    /** When the recent restarts were due: the per-minute budget of {@link RestartLimits}. */
    final Deque<Instant> recentRestarts = new ArrayDeque<>();
    /** Job ids of each action's attempts still kept, oldest first. */
    final Map<String, Deque<Long>> attempts = new HashMap<>();
    /** What to do once it has ended (start it again, for a restart). */
    final List<Runnable> afterEnd = new ArrayList<>();

    LiveRun(long id, ServiceDef service, List<ActionDef> order) {
        this.id = id;
        this.service = service;
        this.order = order;
    }

    RunState state() {
        return state;
    }

    /** Moves by the table; refuses (and logs) a move the table does not have. */
    boolean on(RunState.Event event) {
        RunState next = state.on(event);
        if (next == null) {
            LOG.warnf("run %d (%s): %s refused in state %s", id, name(), event, state);
            return false;
        }
        if (next == RunState.ENDED) {
            endedFrom = state;
        }
        state = next;
        return true;
    }

    boolean halting() {
        return state.halting();
    }

    /** Stopped because someone asked (not because it failed): what the run's end and the service's next step depend on. */
    boolean stoppedOnRequest() {
        return lastUpState().onRequest();
    }

    /** Stopped with SIGKILL at once (a kill was asked for). */
    boolean killing() {
        return lastUpState() == RunState.KILLING;
    }

    private RunState lastUpState() {
        return state == RunState.ENDED ? endedFrom : state;
    }

    String name() {
        return service.name();
    }

    static String key(String action, int replica) {
        return replica == 0 ? action : action + "#" + replica;
    }

    /** The current jobs of every replica of an action (none when it is scaled to zero). */
    List<LiveJob> jobsOf(String action) {
        return jobs.values().stream().filter(j -> j.action.name().equals(action)).toList();
    }

    int replicasOf(String action) {
        return replicas.getOrDefault(action, 1);
    }

    /** Every job has ended; a run with no jobs at all (all scaled to zero) has not ended, it has nothing to run. */
    boolean allEnded() {
        return !jobs.isEmpty() && jobs.values().stream().allMatch(j -> j.state().ended());
    }

    LiveJob byId(long jobId) {
        return jobs.values().stream().filter(j -> j.id == jobId).findFirst().orElse(null);
    }
}
