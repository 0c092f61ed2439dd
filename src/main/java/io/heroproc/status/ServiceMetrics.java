package io.heroproc.status;

import io.agroal.api.AgroalDataSource;
import io.heroproc.model.Wanted;
import io.heroproc.process.JobMembers;
import io.heroproc.process.JobProcesses;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.heroproc.registry.CatalogChanged;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Per-service figures for {@code /q/metrics}: the actual state (one gauge per state, 0 or 1),
 * the wanted state likewise, the CPU seconds used by the service's processes (a counter that
 * keeps what ended jobs used) and their resident memory. Values are read at scrape time from a
 * status snapshot at most a second old (one query); the set of services follows the catalog.
 */
@ApplicationScoped
public class ServiceMetrics {

    private static final long FRESH_MILLIS = 1000;

    @Inject
    MeterRegistry registry;

    @Inject
    ServiceStatusQuery statuses;

    @Inject
    JobProcesses processes;

    @Inject
    AgroalDataSource dataSource;

    private volatile Map<String, ServiceStatus> snapshot = Map.of();
    private volatile long takenAt;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
    /** CPU seconds of jobs that are gone, per service; live ones are added at each read. */
    private final Map<String, DoubleAdder> spent = new ConcurrentHashMap<>();
    private final Map<Long, Double> lastCpu = new ConcurrentHashMap<>();
    private final Map<Long, String> serviceOfJob = new ConcurrentHashMap<>();
    private volatile Map<String, double[]> usage = Map.of();

    /** A service created or deleted gets or loses its meters at once; the minute's pass is the safety net. */
    void catalogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged change) {
        takenAt = 0;
        // Only the changed services are looked at: a full status read here made every POST cost
        // O(services), and creating 1,000 services O(n²).
        Set<String> existing = new HashSet<>(change.committed().keySet());
        Set<String> unknown = new HashSet<>(change.services());
        unknown.removeAll(existing);
        existing.addAll(existing(unknown));
        for (String service : change.services()) {
            if (existing.contains(service)) {
                meters.computeIfAbsent(service, this::register);
            } else {
                unregister(service);
            }
        }
    }

    /** Which of {@code names} are services now. */
    private Set<String> existing(Set<String> names) {
        Set<String> out = new HashSet<>();
        if (names.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", Collections.nCopies(names.size(), "?"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name FROM services WHERE name IN (" + marks + ")")) {
            int i = 1;
            for (String name : names) {
                ps.setString(i++, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            // The minute's pass puts the meters right.
            return Set.copyOf(meters.keySet());
        }
        return out;
    }

    @Scheduled(every = "1m", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sync() {
        Map<String, ServiceStatus> now = current();
        for (String service : now.keySet()) {
            meters.computeIfAbsent(service, this::register);
        }
        for (String gone : List.copyOf(meters.keySet())) {
            if (!now.containsKey(gone)) {
                unregister(gone);
            }
        }
    }

    /** A service that is gone loses its meters and what its ended jobs used. */
    private void unregister(String service) {
        List<Meter> gone = meters.remove(service);
        if (gone != null) {
            gone.forEach(registry::remove);
        }
        spent.remove(service);
    }

    private List<Meter> register(String service) {
        List<Meter> list = new ArrayList<>();
        for (ServiceState state : ServiceState.values()) {
            list.add(Gauge.builder("heroproc.service.state", this, m -> m.is(service, state.wire()))
                    .description("The service's actual state (1: in this state)").tag("service", service)
                    .tag("state", state.wire()).register(registry));
        }
        for (Wanted wanted : Wanted.values()) {
            list.add(Gauge.builder("heroproc.service.wanted", this, m -> m.wanted(service, wanted))
                    .description("The service's wanted state (1: this one)").tag("service", service)
                    .tag("wanted", wanted.wire()).register(registry));
        }
        list.add(FunctionCounter.builder("heroproc.service.cpu", this, m -> m.cpuSeconds(service)).baseUnit("seconds")
                .description("CPU time used by the service's processes").tag("service", service).register(registry));
        list.add(Gauge.builder("heroproc.service.rss", this, m -> m.rss(service)).baseUnit("bytes")
                .description("Resident memory of the service's processes").tag("service", service).register(registry));
        return list;
    }

    private double is(String service, String state) {
        ServiceStatus s = current().get(service);
        return s != null && s.state().equals(state) ? 1 : 0;
    }

    private double wanted(String service, Wanted wanted) {
        ServiceStatus s = current().get(service);
        return s != null && s.wanted() == wanted ? 1 : 0;
    }

    private double cpuSeconds(String service) {
        current();
        double[] u = usage.get(service);
        return spent.computeIfAbsent(service, s -> new DoubleAdder()).sum() + (u == null ? 0 : u[0]);
    }

    private double rss(String service) {
        current();
        double[] u = usage.get(service);
        return u == null ? 0 : u[1];
    }

    /** The status of every service, and the usage of their processes, at most a second old. */
    private synchronized Map<String, ServiceStatus> current() {
        if (System.currentTimeMillis() - takenAt > FRESH_MILLIS) {
            Map<String, ServiceStatus> byName = new HashMap<>();
            statuses.all().forEach(s -> byName.put(s.name(), s));
            snapshot = byName;
            usage = usage(processes.recentMembers());
            takenAt = System.currentTimeMillis();
        }
        return snapshot;
    }

    /** CPU seconds and RSS of the live processes, per service; what jobs that ended used is kept in {@link #spent}. */
    private Map<String, double[]> usage(Map<Long, JobMembers> members) {
        for (Long gone : List.copyOf(lastCpu.keySet())) {
            if (!members.containsKey(gone)) {
                String service = serviceOfJob.remove(gone);
                Double cpu = lastCpu.remove(gone);
                if (service != null && cpu != null) {
                    spent.computeIfAbsent(service, s -> new DoubleAdder()).add(cpu);
                }
            }
        }
        resolve(members.keySet().stream().filter(id -> !serviceOfJob.containsKey(id)).toList());
        Map<String, double[]> out = new HashMap<>();
        members.forEach((job, m) -> {
            String service = serviceOfJob.get(job);
            if (service != null && m.usage() != null) {
                double cpu = m.usage().cpuNanos() / 1e9;
                lastCpu.put(job, cpu);
                double[] u = out.computeIfAbsent(service, s -> new double[2]);
                u[0] += cpu;
                u[1] += m.usage().rssBytes();
            }
        });
        return out;
    }

    private void resolve(List<Long> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        String in = String.join(",", jobs.stream().map(id -> "?").toList());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, service FROM jobs WHERE id IN (" + in + ")")) {
            for (int i = 0; i < jobs.size(); i++) {
                ps.setLong(i + 1, jobs.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    serviceOfJob.put(rs.getLong(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            // a job just started may not be written yet: it is resolved at the next read
        }
    }
}
