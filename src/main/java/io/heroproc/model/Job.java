package io.heroproc.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One execution of one action inside a run. Ends with an exit code or a signal, never both. */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public long runId;

    public String service;
    public String action;
    public int attempt;

    @Convert(converter = JobPhase.Column.class)
    public JobPhase phase;

    /** Process job: up and healthy. Oneshot: succeeded. */
    public boolean ready;

    /** healthy, unhealthy, starting; null when the action has no health check. */
    public String health;

    public Long pid;
    public Long pgid;

    /** Start time of the pid (field 22 of /proc/pid/stat), to tell a reused pid apart. */
    @Column(name = "start_ticks")
    public Long startTicks;

    @Column(name = "exit_code")
    public Integer exitCode;

    public Integer signal;
    public String reason;

    @Column(name = "cpu_percent")
    public Double cpuPercent;

    @Column(name = "rss_bytes")
    public Long rssBytes;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    public static List<Job> ofRun(long runId) {
        return list("runId = ?1 order by id", runId);
    }
}
