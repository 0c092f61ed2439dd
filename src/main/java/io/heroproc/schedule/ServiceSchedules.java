package io.heroproc.schedule;

import io.heroproc.model.Run;
import io.heroproc.model.Service;
import io.heroproc.model.Wanted;
import io.heroproc.registry.CatalogChanged;
import io.heroproc.registry.ScheduleDef;
import io.heroproc.registry.ServiceDef;
import io.heroproc.supervisor.Supervisor;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps one Quarkus Scheduler job per scheduled service that is wanted {@code start}, in step with
 * the catalog: armed at boot from the database, re-armed when the schedule changes, disarmed when
 * the service is deleted, loses its schedule or is wanted anything but {@code start}. A job only
 * hands the fire to {@link Supervisor#fire}; the decision is the supervisor loop's.
 */
@ApplicationScoped
public class ServiceSchedules {

    private static final Logger LOG = Logger.getLogger(ServiceSchedules.class);
    static final String JOB_PREFIX = "hero-proc.schedule.";

    @Inject
    Scheduler scheduler;

    @Inject
    Supervisor supervisor;

    /** What is armed for each service. */
    private final Map<String, Armed> armed = new ConcurrentHashMap<>();

    /**
     * An armed schedule; for an interval, when it fires next, kept here as the scheduler counts
     * it (from the second of the last fire), since its trigger reports the first fire one
     * interval late.
     */
    private static final class Armed {
        final ScheduleDef schedule;
        volatile Instant nextInterval;

        Armed(ScheduleDef schedule, Instant nextInterval) {
            this.schedule = schedule;
            this.nextInterval = nextInterval;
        }

        void fired(Instant at) {
            if (schedule.everyMs() != null) {
                nextInterval = at.truncatedTo(ChronoUnit.SECONDS).plus(schedule.every());
            }
        }
    }

    /** After the supervisor has started (100): arms every schedule, then runs the catch-ups of {@link MissedFires}. */
    @ActivateRequestContext
    void onStart(@Observes @Priority(110) StartupEvent event) {
        Instant now = Instant.now();
        for (Service s : Service.allByName()) {
            ServiceDef def = ServiceDef.of(s);
            if (arm(def.name(), Optional.of(def)) != null) {
                Instant since = lastStart(s.name).filter(t -> t.isAfter(s.updatedAt)).orElse(s.updatedAt);
                MissedFires.latest(def.schedule(), since, now).ifPresent(missed -> {
                    LOG.infof("%s: its schedule (%s) fired at %s while hero-proc was down: one catch-up run",
                            s.name, def.schedule().describe(), missed);
                    supervisor.fire(s.name, true);
                });
            }
        }
    }

    @ActivateRequestContext
    void onCatalogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged change) {
        for (String name : change.services()) {
            ServiceDef written = change.committed().get(name);
            arm(name, written != null ? Optional.of(written) : Service.byName(name).map(ServiceDef::of));
        }
    }

    /** When the service's schedule fires next; empty when it has none armed. */
    public Optional<Instant> nextRunAt(String service) {
        Armed a = armed.get(service);
        Trigger trigger = a == null ? null : scheduler.getScheduledJob(JOB_PREFIX + service);
        if (trigger == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(a.schedule.everyMs() != null ? a.nextInterval : trigger.getNextFireTime());
    }

    /** Makes the armed job match the service; answers what is armed now (null: nothing). */
    private synchronized ScheduleDef arm(String name, Optional<ServiceDef> service) {
        ScheduleDef wanted = service.filter(s -> s.wanted() == Wanted.START).map(ServiceDef::schedule).orElse(null);
        Armed current = armed.get(name);
        if (current != null && current.schedule.equals(wanted)) {
            return wanted;
        }
        if (current != null) {
            scheduler.unscheduleJob(JOB_PREFIX + name);
            armed.remove(name);
            LOG.debugf("%s: schedule %s disarmed", name, current.schedule.describe());
        }
        if (wanted == null) {
            return null;
        }
        Instant now = Instant.now();
        Armed next = new Armed(wanted, now.truncatedTo(ChronoUnit.SECONDS).plus(wanted.every() == null
                ? java.time.Duration.ZERO : wanted.every()));
        var job = scheduler.newJob(JOB_PREFIX + name)
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> {
                    next.fired(Instant.now());
                    supervisor.fire(name, false);
                });
        if (wanted.cron() != null) {
            job.setCron(wanted.cron());
        } else {
            // The first fire one interval from now, not at once: arming (a change, a boot) is not a fire.
            String every = wanted.every().toString();
            job.setInterval(every).setDelayed(every);
        }
        try {
            job.schedule();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: cannot arm its schedule (%s)", name, wanted.describe());
            return null;
        }
        armed.put(name, next);
        LOG.debugf("%s: schedule %s armed", name, wanted.describe());
        return wanted;
    }

    private static Optional<Instant> lastStart(String service) {
        return Run.<Run>find("service = ?1 order by id desc", service).firstResultOptional().map(r -> r.startedAt);
    }
}
