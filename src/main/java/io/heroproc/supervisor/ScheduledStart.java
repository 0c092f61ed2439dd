package io.heroproc.supervisor;

import io.heroproc.events.Origin;
import io.heroproc.events.Origins;
import io.heroproc.model.Wanted;
import io.heroproc.registry.ServiceDef;

/**
 * What a schedule fire does, decided on the loop like every other start: start the service, or,
 * while its previous run is still going, what the schedule's overlap says (skip, queue or
 * replace). Every fire is recorded, with what it did. A fire acts only while the service is
 * wanted {@code start}. Loop thread only.
 */
final class ScheduledStart {

    private final RunStore store;
    private final Reconciler reconciler;
    private final RunDriver driver;

    ScheduledStart(RunStore store, Reconciler reconciler, RunDriver driver) {
        this.store = store;
        this.reconciler = reconciler;
        this.driver = driver;
    }

    /** {@code catchUp}: the one run at boot for fires missed while hero-proc was down. */
    void fire(String name, boolean catchUp) {
        ServiceDef service = store.service(name).orElse(null);
        if (service == null || service.schedule() == null || reconciler.shuttingDown()) {
            return;
        }
        String fired = catchUp ? "schedule catch-up (a fire was missed while hero-proc was down)" : "schedule fired";
        if (service.wanted() != Wanted.START) {
            store.scheduleFired(name, null, "skipped", fired + ": skipped, " + name + " is wanted "
                    + service.wanted().wire());
            return;
        }
        LiveRun run = reconciler.live().get(name);
        if (run == null) {
            // Recorded before the run starts, so the event log reads: this fire, then the run it started.
            store.scheduleFired(name, null, catchUp ? "catch-up" : "started", fired + ": starting " + name);
            start(service);
            return;
        }
        switch (service.schedule().overlap()) {
            case SKIP -> store.scheduleFired(name, run.id, "skipped", fired + ": skipped, run " + run.id
                    + " is still going (overlap: skip)");
            case QUEUE -> {
                if (run.afterEnd.isEmpty()) {
                    run.afterEnd.add(() -> startQueued(name));
                    store.scheduleFired(name, run.id, "queued", fired + ": queued, starts when run " + run.id
                            + " ends (overlap: queue)");
                } else {
                    store.scheduleFired(name, run.id, "coalesced", fired + ": a start is already waiting for run "
                            + run.id + " to end (overlap: queue)");
                }
            }
            case REPLACE -> {
                if (run.afterEnd.isEmpty()) {
                    run.afterEnd.add(() -> startQueued(name));
                }
                store.scheduleFired(name, run.id, "replaced", fired + ": stopping run " + run.id
                        + ", then starting anew (overlap: replace)");
                if (!run.halting()) {
                    driver.halt(run, "replaced by a scheduled start", RunState.Event.STOP);
                }
            }
        }
    }

    private void startQueued(String name) {
        Origins.as(Origin.SCHEDULE, () -> {
            store.service(name).filter(s -> s.wanted() == Wanted.START && s.schedule() != null)
                    .filter(s -> !reconciler.live().containsKey(name) && !reconciler.shuttingDown())
                    .ifPresent(this::start);
            return null;
        });
    }

    private void start(ServiceDef service) {
        reconciler.forget(service.name());
        reconciler.startRun(service);
    }
}
