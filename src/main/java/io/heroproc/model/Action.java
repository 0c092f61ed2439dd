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
import java.util.Map;
import java.util.Optional;

/** A stored template: what to execute and how (see DESIGN.md, "Action"). */
@Entity
@Table(name = "actions")
public class Action extends PanacheEntityBase {

    // IDENTITY: Panache's default sequence table deadlocks a small SQLite pool.
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;
    public String interpreter;
    public String script;

    @Convert(converter = ActionKind.Column.class)
    public ActionKind kind;

    @Column(name = "timeout_ms")
    public Long timeoutMs;

    @Convert(converter = JsonColumn.Env.class)
    public Map<String, String> env;

    public String cwd;

    /** The user the job runs as (only when hero-proc runs as root). */
    @Column(name = "run_as")
    public String user;

    @Column(name = "depends_on")
    @Convert(converter = JsonColumn.Dependencies.class)
    public List<Dependency> dependsOn;

    @Convert(converter = JsonColumn.Health.class)
    public HealthCheck health;

    @Column(name = "stop_signal")
    public String stopSignal;

    @Column(name = "stop_grace_ms")
    public long stopGraceMs;

    /** When the job's leader exits: {@code stop} what it left running (the default) or {@code keep} it. */
    @Column(name = "stop_leftovers")
    public String stopLeftovers = "stop";

    /** hero-proc's own variables (HERO_PROC_*) the job may see; they are withheld otherwise. */
    @Column(name = "pass_env")
    @Convert(converter = JsonColumn.Names.class)
    public List<String> passEnv = List.of();

    /** Names of the {@code env} entries that are secret: stored, never shown. */
    @Column(name = "secret_env")
    @Convert(converter = JsonColumn.Names.class)
    public List<String> secretEnv = List.of();

    /** Dotenv files read at each start of a job (absolute paths). */
    @Column(name = "env_files")
    @Convert(converter = JsonColumn.Names.class)
    public List<String> envFiles = List.of();

    /** Exit codes that count as success; null or empty means 0 only. */
    @Column(name = "success_exit_codes")
    @Convert(converter = JsonColumn.Codes.class)
    public List<Integer> successExitCodes = List.of(0);

    /** Run first to stop a job, before its stop signal. */
    @Column(name = "stop_command")
    public String stopCommand;

    /** How many jobs of it a run starts (process actions). */
    public int replicas = 1;

    /** The quick service that generated this action, if any. */
    @Column(name = "generated_by")
    public String generatedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Action> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    public static List<Action> allByName() {
        return list("order by name");
    }
}
