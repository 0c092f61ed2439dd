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
import java.util.Optional;

/** A named supervision unit: ordered actions, a wanted state, a restart policy and maybe a schedule. */
@Entity
@Table(name = "services")
public class Service extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Convert(converter = JsonColumn.Names.class)
    public List<String> actions;

    @Convert(converter = JsonColumn.Names.class)
    public List<String> requires;

    @Convert(converter = Wanted.Column.class)
    public Wanted wanted;

    @Column(name = "restart_policy")
    @Convert(converter = RestartPolicy.Column.class)
    public RestartPolicy restartPolicy;

    @Column(name = "backoff_initial_ms")
    public long backoffInitialMs;

    @Column(name = "backoff_factor")
    public double backoffFactor;

    @Column(name = "backoff_max_ms")
    public long backoffMaxMs;

    @Column(name = "backoff_jitter")
    public double backoffJitter;

    @Column(name = "reset_after_ms")
    public long resetAfterMs;

    /** Null: no limit. */
    @Column(name = "max_restarts")
    public Integer maxRestarts;

    public boolean essential;

    /** A five-field cron expression; null when the service has no cron schedule. */
    @Column(name = "schedule_cron")
    public String scheduleCron;

    /** The interval of an {@code every} schedule; null when the service has none. */
    @Column(name = "schedule_every_ms")
    public Long scheduleEveryMs;

    /** Null when the service has no schedule. */
    @Column(name = "schedule_overlap")
    @Convert(converter = Overlap.Column.class)
    public Overlap scheduleOverlap;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Service> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    public static List<Service> allByName() {
        return list("order by name");
    }
}
