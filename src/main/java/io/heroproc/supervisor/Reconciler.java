package io.heroproc.supervisor;

import io.heroproc.model.RunStatus;
import io.heroproc.model.Wanted;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.ServiceDef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Compares what is wanted of each service with what runs, and acts. It also answers the
 * cross-service questions of {@link RunEvents}: inter-service {@code requires} (start the
 * required service first and wait until it is ready; stop dependents first). Loop thread only.
 */
final class Reconciler implements RunEvents {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** From this many changed services on, one read of the whole catalog is cheaper than one read each. */
    private static final int BATCH = 16;

    private final RunStore store;
    private final SupervisorLoop loop;
    private final Map<String, LiveRun> live = new HashMap<>();
    /** How the last run of a service ended by itself (completed or gave up): not restarted until asked. */
    private final Map<String, RunStatus> settled = new HashMap<>();
    private final Set<String> changedSince = ConcurrentHashMap.newKeySet();
    /**
     * The catalog as last read, kept current by every read of a single service. Deciding a restart
     * reads no database on the way from an exit to the next spawn, and the periodic pass reads the
     * whole catalog only when it changed since its last full read (with 500 idle services it read
     * them all back every pass, for nothing). A service whose entry changed since it was read (the
     * mark is set by the committing thread, before its reconcile is posted) is read again.
     */
    private final Map<String, ServiceDef> catalog = new TreeMap<>();
    /** Moved by each committed catalog change (by the committing thread). */
    private final AtomicLong catalogVersion = new AtomicLong();
    private long catalogRead = -1;
    /**
     * Inside a batch (a pass, or the services of one manifest apply): every action is read once,
     * by the first start that needs one, instead of one query per service started.
     */
    private boolean inBatch;
    private Map<String, ActionDef> batchActions;
    private RunDriver driver;
    private boolean shuttingDown;

    Reconciler(RunStore store, SupervisorLoop loop) {
        this.store = store;
        this.loop = loop;
    }

    void driver(RunDriver driver) {
        this.driver = driver;
    }

    Map<String, LiveRun> live() {
        return live;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    void reconcileAll() {
        loop.assertOnLoop();
        List.copyOf(live.values()).forEach(driver::checkAlive);
        if (catalogVersion.get() != catalogRead) {
            readCatalog();
        }
        batch(() -> List.copyOf(catalog.values()).forEach(this::reconcile));
        List.copyOf(live.keySet()).stream().filter(n -> !catalog.containsKey(n))
                .forEach(n -> driver.halt(live.get(n), "service deleted", RunState.Event.STOP));
    }

    /**
     * Reconciles the services whose catalog entries a commit changed. Many at once (a manifest
     * apply) are read in one query, with their actions in another, instead of two queries each.
     */
    void reconcile(Set<String> names) {
        loop.assertOnLoop();
        if (names.size() < BATCH) {
            names.forEach(this::reconcile);
            return;
        }
        // Unmarked before the read: a change committed during it marks them again.
        changedSince.removeAll(names);
        readCatalog();
        batch(() -> names.forEach(name -> {
            ServiceDef service = catalog.get(name);
            if (service == null) {
                deleted(name);
            } else {
                reconcile(service);
            }
        }));
    }

    private void readCatalog() {
        // Read before the catalog: a change committed during the read moves it again, and the next pass reads anew.
        long version = catalogVersion.get();
        catalog.clear();
        store.services().forEach(s -> catalog.put(s.name(), s));
        catalogRead = version;
    }

    private void batch(Runnable work) {
        inBatch = true;
        try {
            work.run();
        } finally {
            inBatch = false;
            batchActions = null;
        }
    }

    private Map<String, ActionDef> actionsOf(ServiceDef service) {
        if (!inBatch) {
            return store.actions(service.actions());
        }
        if (batchActions == null) {
            batchActions = store.allActions();
        }
        Map<String, ActionDef> actions = new HashMap<>();
        service.actions().stream().filter(batchActions::containsKey).forEach(a -> actions.put(a, batchActions.get(a)));
        return actions;
    }

    void reconcile(String name) {
        loop.assertOnLoop();
        // Unmarked before the read: a change committed during it marks the service again.
        changedSince.remove(name);
        Optional<ServiceDef> service = store.service(name);
        if (service.isEmpty()) {
            deleted(name);
            return;
        }
        reconcile(service.get());
    }

    private void deleted(String name) {
        catalog.remove(name);
        LiveRun run = live.get(name);
        if (run != null && !run.halting()) {
            driver.halt(run, "service deleted", RunState.Event.STOP);
        }
    }

    private void reconcile(ServiceDef service) {
        catalog.put(service.name(), service);
        if (shuttingDown) {
            return;
        }
        LiveRun run = live.get(service.name());
        // A scheduled service wanted 'start' waits for its schedule: a run ends, and the next fire starts another.
        boolean wanted = service.wanted() == Wanted.START && service.schedule() == null
                || neededByLiveDependent(service.name());
        if (run == null && wanted && !settled.containsKey(service.name())) {
            startRun(service);
        } else if (run != null && !run.halting() && service.wanted() == Wanted.STOP
                && !neededByLiveDependent(service.name())) {
            driver.halt(run, null, RunState.Event.STOP);
        }
    }

    /** Starts a new run now (a client asked, or the reconciler decided). */
    void startRun(ServiceDef service) {
        loop.assertOnLoop();
        settled.remove(service.name());
        catalog.put(service.name(), service);
        Map<String, ActionDef> actions = actionsOf(service);
        LiveRun run = driver.begin(service, actions);
        live.put(service.name(), run);
        LOG.infof("%s: run %d started", service.name(), run.id);
        driver.advance(run);
    }

    /** Lets a client start a service again after it completed or gave up. */
    void forget(String name) {
        settled.remove(name);
    }

    /** Stops every run, dependents first, and what earlier jobs left running (kept leftovers). */
    void shutdown() {
        loop.assertOnLoop();
        shuttingDown = true;
        for (LiveRun run : List.copyOf(live.values())) {
            if (!run.halting()) {
                driver.halt(run, "stopped: hero-proc shut down", RunState.Event.STOP);
            }
        }
        java.util.Set<Long> others = new java.util.HashSet<>(driver.jobsWithProcesses());
        live.values().forEach(run -> run.jobs.values().forEach(job -> others.remove(job.id)));
        driver.stopLeftovers(store.jobsOf(null, others), false);
    }

    @Override
    public Requirement startRequiredServices(LiveRun run) {
        for (String required : run.service.requires()) {
            LiveRun other = live.get(required);
            if (other != null && other.status == RunStatus.RUNNING && !other.halting()) {
                continue;
            }
            if (other == null && settled.get(required) == RunStatus.OK) {
                continue;
            }
            if (other == null && settled.get(required) == RunStatus.ERROR) {
                return new Requirement("required service " + required + " failed", true);
            }
            Optional<ServiceDef> def = store.service(required);
            if (def.isEmpty()) {
                return new Requirement("required service " + required + " does not exist", true);
            }
            if (def.get().wanted() == Wanted.SPEC) {
                return new Requirement("required service " + required + " is only a spec (wanted: spec)", true);
            }
            if (other == null && !shuttingDown) {
                startRun(def.get());
            }
            return new Requirement("waiting for service " + required + " (requires)", false);
        }
        return null;
    }

    @Override
    public boolean restartAllowed(LiveRun run) {
        if (shuttingDown) {
            return false;
        }
        ServiceDef seen = changedSince.contains(run.name()) ? null : catalog.get(run.name());
        if (seen == null) {
            Optional<ServiceDef> def = store.service(run.name());
            if (def.isEmpty()) {
                return false;
            }
            seen = def.get();
        }
        return seen.wanted() == Wanted.START || neededByLiveDependent(run.name());
    }

    /** The catalog entries of {@code services} changed (called by the committing thread, before their reconcile is posted). */
    void catalogChanged(Set<String> services) {
        changedSince.addAll(services);
        catalogVersion.incrementAndGet();
    }

    @Override
    public boolean stopDependentsFirst(LiveRun run) {
        boolean any = false;
        for (LiveRun other : List.copyOf(live.values())) {
            if (other.service.requires().contains(run.name())) {
                any = true;
                if (!other.halting()) {
                    driver.halt(other, run.stoppedOnRequest() ? null : "required service " + run.name() + " stopped",
                            run.stoppedOnRequest() ? RunState.Event.STOP : RunState.Event.GIVE_UP);
                }
            }
        }
        return any;
    }

    @Override
    public void runReady(LiveRun run) {
        dependentsOf(run.name()).forEach(driver::advance);
    }

    @Override
    public void runEnded(LiveRun run) {
        live.remove(run.name(), run);
        LOG.infof("%s: run %d ended %s (%s)", run.name(), run.id, run.status.wire(), run.reason);
        if (!run.stoppedOnRequest()) {
            settled.put(run.name(), run.status);
            if (run.service.essential() && !shuttingDown) {
                int code = exitCode(run);
                LOG.infof("essential service %s ended for good (%s): hero-proc stops with status %d", run.name(),
                        run.reason, code);
                SupervisorExit.request(code);
            }
        }
        for (LiveRun dependent : dependentsOf(run.name())) {
            driver.advance(dependent);
        }
        for (LiveRun required : List.copyOf(live.values())) {
            if (required.halting() && run.service.requires().contains(required.name())) {
                driver.advance(required);
            }
        }
        // At shutdown every job's processes are stopped (then SIGKILLed) by the shutdown itself, and
        // the database may be closed already: looking up the actions of kept leftovers is not needed.
        if (run.stoppedOnRequest() && !shuttingDown) {
            driver.stopLeftovers(run.name(), run.killing());
        }
        List<Runnable> after = List.copyOf(run.afterEnd);
        run.afterEnd.clear();
        after.forEach(Runnable::run);
        if (run.stoppedOnRequest() && !shuttingDown) {
            reconcile(run.name());
        }
    }

    /** 0 for a run that completed; else the exit code of its last failed job, or 128 + its signal. */
    static int exitCode(LiveRun run) {
        if (run.status == RunStatus.OK) {
            return 0;
        }
        return run.jobs.values().stream().filter(j -> j.exit != null && j.state() == JobState.FAILED)
                .reduce((a, b) -> b).map(j -> j.exit.signal() != null ? 128 + j.exit.signal()
                        : Math.max(1, j.exit.exitCode()))
                .orElse(1);
    }

    private List<LiveRun> dependentsOf(String name) {
        return live.values().stream().filter(r -> r.service.requires().contains(name)).toList();
    }

    private boolean neededByLiveDependent(String name) {
        return live.values().stream().anyMatch(r -> !r.halting() && r.service.requires().contains(name));
    }
}
