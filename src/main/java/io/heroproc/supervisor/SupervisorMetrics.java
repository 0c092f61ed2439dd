package io.heroproc.supervisor;

import io.heroproc.model.JobPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the supervisor counts as it goes, for {@code /q/metrics}: restarts and job exits by
 * outcome per service, job durations, and the decision loop's queue and command time. Labels
 * stay bounded: services, outcomes, never job ids or pids.
 */
@ApplicationScoped
public class SupervisorMetrics {

    @Inject
    MeterRegistry registry;

    void restarted(String service) {
        Counter.builder("heroproc.service.restarts").description("Restarts of failed jobs")
                .tag("service", service).register(registry).increment();
    }

    /** A job ended: {@code outcome} is succeeded, failed, skipped or stopped (on request). */
    void jobEnded(String service, JobPhase phase, boolean onRequest, Duration ran) {
        String outcome = onRequest ? "stopped" : phase.wire();
        Counter.builder("heroproc.job.exits").description("Jobs that ended, by outcome").tag("service", service)
                .tag("outcome", outcome).register(registry).increment();
        if (ran != null) {
            DistributionSummary.builder("heroproc.job.duration").description("How long jobs ran").baseUnit("seconds")
                    .tag("service", service).register(registry).record(ran.toMillis() / 1000.0);
        }
    }

    /** The loop's queue depth, read at each scrape; its commands' time, recorded as they run. */
    void watch(SupervisorLoop loop) {
        Gauge.builder("heroproc.loop.queue", loop, SupervisorLoop::depth)
                .description("Commands waiting for the supervisor loop").register(registry);
        Timer timer = Timer.builder("heroproc.loop.command").description("Time the supervisor loop spends per command")
                .register(registry);
        loop.timed(nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
    }
}
