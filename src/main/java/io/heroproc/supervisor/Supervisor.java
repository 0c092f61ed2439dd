package io.heroproc.supervisor;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.events.EventType;
import io.heroproc.events.Origin;
import io.heroproc.events.Origins;
import io.heroproc.logs.JobLogs;
import io.heroproc.model.Wanted;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.Signals;
import io.heroproc.registry.CatalogChanged;
import io.heroproc.registry.ConflictException;
import io.heroproc.registry.Registry;
import io.heroproc.registry.ServiceDef;
import io.heroproc.registry.UnknownNameException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The supervision engine's entry points: boot recovery, the reconcile triggers (catalog changes,
 * the scheduler tick) and the client commands start, stop, restart, kill and signal. Everything is
 * handed to the single {@link SupervisorLoop}; callers wait for the loop's answer.
 */
@ApplicationScoped
public class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 30;
    private static final long WRITE_WAIT_SECONDS = 5;

    @Inject
    RunStore store;

    @Inject
    JobLauncher launcher;

    @Inject
    ProcessBackend backend;

    @Inject
    JobProcesses processes;

    @Inject
    Registry registry;

    @Inject
    HeroProcConfig config;

    @Inject
    JobLogs logs;

    @Inject
    io.heroproc.logs.LogQuery logQuery;

    @Inject
    Origins origins;

    @Inject
    SupervisorMetrics metrics;

    private final SupervisorLoop loop = new SupervisorLoop();
    private Reconciler reconciler;
    private RunDriver driver;
    private ScheduledStart scheduled;
    private volatile boolean started;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        store.open();
        reconciler = new Reconciler(store, loop);
        driver = new RunDriver(store, launcher, backend, processes, loop, reconciler, logs, logQuery,
                new RestartLimits(config.supervisor().restartFloor(), config.supervisor().maxRestartsPerMinute()),
                Math.max(1, config.supervisor().attemptsKept()));
        reconciler.driver(driver);
        scheduled = new ScheduledStart(store, reconciler, driver);
        metrics.watch(loop);
        loop.start();
        // Before the API answers: what a previous hero-proc left running is gone, so nothing
        // anyone reads or starts from here on can meet a stray.
        answer(loop.call(() -> {
            new BootRecovery(store, processes).stopLeftovers();
            return null;
        }));
        store.lifecycle(EventType.HERO_PROC_STARTED, "hero-proc started (containment: " + processes.containment()
                + ")");
        loop.post(() -> Origins.as(Origin.BOOT, () -> {
            reconciler.reconcileAll();
            return null;
        }));
        started = true;
    }

    void onCatalogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged change) {
        Reconciler r = reconciler;
        if (r != null) {
            // Also before the start is over: the next periodic pass then reads the catalog anew.
            r.catalogChanged(change.services());
        }
        if (started) {
            Origin origin = origins.current();
            loop.post(() -> Origins.as(origin, () -> {
                reconciler.reconcile(change.services());
                return null;
            }));
        }
    }

    @Scheduled(every = "${hero-proc.supervisor.tick:10s}", delayed = "${hero-proc.supervisor.tick:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (started) {
            loop.post(reconciler::reconcileAll);
        }
    }

    /** Runs one periodic pass now and returns once it is done (tests). */
    void passNow() {
        answer(loop.call(() -> {
            reconciler.reconcileAll();
            return null;
        }));
    }

    /** Starts the service (and what it requires); a stopped service is wanted again. */
    public void start(String name) {
        await(call(() -> {
            ServiceDef service = startable(name);
            reconciler.forget(name);
            LiveRun run = reconciler.live().get(name);
            if (run == null) {
                reconciler.startRun(service);
            } else if (run.halting() && run.afterEnd.isEmpty()) {
                run.afterEnd.add(() -> startAgain(name));
            }
            return null;
        }));
    }

    /**
     * Scales one process action of the service to {@code replicas}, stored (so the next run has
     * as many) and applied to the live runs of every service using it, without restarting the
     * replicas that stay.
     */
    public void scale(String name, String action, Integer replicas) {
        List<String> using = registry.scale(name, action, replicas);
        await(call(() -> {
            for (String service : using) {
                LiveRun run = reconciler.live().get(service);
                if (run != null) {
                    driver.scale(run, action, replicas);
                }
            }
            return null;
        }));
    }

    /**
     * A schedule fired for the service: decided on the loop, as done by the schedule, like any
     * start; the scheduler's thread does not wait for it. {@code catchUp}: the run at boot for
     * fires missed while hero-proc was down.
     */
    public void fire(String name, boolean catchUp) {
        if (started) {
            loop.post(() -> Origins.as(Origin.SCHEDULE, () -> {
                scheduled.fire(name, catchUp);
                return null;
            }));
        }
    }

    /** Stops the service, and first the running services that require it; it stays stopped. */
    public void stop(String name) {
        halt(name, false);
    }

    /** Stops the service with SIGKILL to every job's process group at once; it stays stopped. */
    public void kill(String name) {
        halt(name, true);
    }

    /** Stops the current run (if any) and starts a new one; concurrent restarts collapse into one. */
    public void restart(String name) {
        await(call(() -> {
            ServiceDef service = startable(name);
            reconciler.forget(name);
            LiveRun run = reconciler.live().get(name);
            if (run == null) {
                reconciler.startRun(service);
            } else if (run.afterEnd.isEmpty()) {
                run.afterEnd.add(() -> startAgain(name));
                if (!run.halting()) {
                    driver.halt(run, null, RunState.Event.STOP);
                }
            }
            return null;
        }));
    }

    /**
     * Sends signal {@code number} to every process of every running job of the service, and
     * nothing else: what the processes do about it is up to them, and their exits are handled as
     * any other. Refused when no job of the service runs.
     */
    public void signal(String name, int number) {
        await(call(() -> {
            store.service(name).orElseThrow(() -> new UnknownNameException("service", name));
            LiveRun run = reconciler.live().get(name);
            List<LiveJob> running = run == null ? List.of() : run.jobs.values().stream()
                    .filter(j -> j.process != null && j.state().running()).toList();
            if (running.isEmpty()) {
                throw new ConflictException("name", "service '" + name + "' has no running job to send "
                        + Signals.name(number) + " to");
            }
            running.forEach(j -> processes.signal(j.process, j.id, number));
            store.signalled(run.id, name, running.stream().map(j -> j.id).toList(), number);
            return null;
        }));
    }

    private void halt(String name, boolean kill) {
        await(call(() -> {
            ServiceDef service = store.service(name).orElseThrow(() -> new UnknownNameException("service", name));
            if (service.wanted() == Wanted.START) {
                registry.setWanted(name, Wanted.STOP.wire());
            }
            for (LiveRun dependent : List.copyOf(reconciler.live().values())) {
                if (dependent.service.requires().contains(name)) {
                    stopWanted(dependent.name());
                }
            }
            LiveRun run = reconciler.live().get(name);
            if (run != null) {
                run.afterEnd.clear();
                driver.halt(run, null, kill ? RunState.Event.KILL : RunState.Event.STOP);
            } else {
                driver.stopLeftovers(name, kill);
            }
            return null;
        }));
    }

    private void stopWanted(String name) {
        store.service(name).filter(s -> s.wanted() == Wanted.START)
                .ifPresent(s -> registry.setWanted(name, Wanted.STOP.wire()));
    }

    private void startAgain(String name) {
        store.service(name).ifPresent(service -> {
            if (!reconciler.live().containsKey(name) && service.wanted() != Wanted.SPEC) {
                reconciler.startRun(service);
            }
        });
    }

    private ServiceDef startable(String name) {
        ServiceDef service = store.service(name).orElseThrow(() -> new UnknownNameException("service", name));
        if (service.wanted() == Wanted.SPEC) {
            throw new ConflictException("wanted", "service '" + name + "' is only a spec (wanted: spec); set wanted "
                    + "to start, stop or ignore before starting it");
        }
        if (service.wanted() == Wanted.STOP) {
            registry.setWanted(name, Wanted.START.wire());
        }
        return service;
    }

    /**
     * Stops every service, dependents first, each within its grace. If that has not finished by
     * the shutdown timeout (or the loop stops answering), SIGKILLs the groups of whatever is still
     * alive: hero-proc must not exit leaving its children behind.
     */
    void onStop(@Observes @Priority(100) ShutdownEvent event) {
        if (!started) {
            return;
        }
        LOG.info("stopping all services");
        store.lifecycle(EventType.HERO_PROC_STOPPING, "hero-proc is stopping every service");
        loop.post(reconciler::shutdown);
        long deadline = System.nanoTime() + config.supervisor().shutdownTimeout().toNanos();
        boolean idle = false;
        try {
            // Runs stop dependents first; then every process any job left is gone too.
            while (!idle && System.nanoTime() < deadline) {
                long left = Math.max(1, deadline - System.nanoTime());
                idle = loop.call(() -> reconciler.live().isEmpty()).get(left, TimeUnit.NANOSECONDS)
                        && processes.members().isEmpty();
                if (!idle) {
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("the supervisor loop did not answer during shutdown: %s", e.toString());
        }
        if (!idle) {
            int killed = launcher.killAlive();
            LOG.warnf("services still stopping after %s: sent SIGKILL to every process of %d job(s)",
                    config.supervisor().shutdownTimeout(), killed);
        }
        loop.stop();
        started = false;
    }

    /** Runs {@code command} on the loop as done by whoever asked for it here. */
    private <T> CompletableFuture<T> call(java.util.function.Supplier<T> command) {
        Origin origin = origins.current();
        return loop.call(() -> Origins.as(origin, command));
    }

    /**
     * Waits for the loop's answer, then (briefly) for the changes it made to reach the database,
     * which is what the caller reads the new status from. Should the database not take them,
     * the command has still happened: the status read may lag, and readiness says why.
     */
    private <T> T await(CompletableFuture<T> result) {
        T value = answer(result);
        try {
            store.written().get(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debugf("changes not yet in the database after %d s", WRITE_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    private static <T> T answer(CompletableFuture<T> result) {
        try {
            return result.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the supervisor", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the supervisor did not answer within " + COMMAND_TIMEOUT_SECONDS + " s");
        }
    }
}
