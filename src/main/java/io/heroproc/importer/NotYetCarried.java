package io.heroproc.importer;

/**
 * Settings that map onto hero-proc fields being added elsewhere and not in this build yet. Each
 * is reported as "not carried over yet" with the field it will become; when the field lands,
 * the importer writes it instead (see the callers of {@link #report}).
 */
enum NotYetCarried {
    /** supervisord {@code exitcodes}: the exit codes that count as success. */
    SUCCESS_EXIT_CODES("action success_exit_codes"),
    /** process-compose {@code replicas}, supervisord {@code numprocs}: copies of one program. */
    REPLICAS("action replicas"),
    /** process-compose {@code shutdown.command}: a command that stops the process. */
    STOP_COMMAND("action stop.command"),
    /** process-compose {@code liveness_probe} beside a {@code readiness_probe}: one check per action today. */
    LIVENESS_PROBE("a second health check (liveness beside readiness)"),
    /** process-compose {@code env_file}. */
    ENV_FILE("action env_file");

    private final String becomes;

    NotYetCarried(String becomes) {
        this.becomes = becomes;
    }

    void report(Draft draft, String field, Object value) {
        draft.warn(field, "not carried over yet (" + value + "): will become " + becomes);
    }
}
