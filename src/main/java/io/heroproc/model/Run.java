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

/** One start of a service: it holds one job per action (and per restart attempt). */
@Entity
@Table(name = "runs")
public class Run extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String service;

    @Convert(converter = RunStatus.Column.class)
    public RunStatus status;

    public String reason;

    /** Set when a stop was asked for, so the run ends as "exited" rather than "failed". */
    @Column(name = "stop_requested")
    public boolean stopRequested;

    public int restarts;

    @Column(name = "next_restart_at")
    public Instant nextRestartAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
