package io.heroproc.registry;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Map;

/**
 * An action as a client writes it (API body, manifest entry). Strings stay strings here, so that
 * a bad value is reported with its field name instead of as unreadable JSON.
 */
public record ActionSpec(String name, String interpreter, String script, String kind, String timeout,
        Map<String, EnvValue> env,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> envFile,
        String cwd, String user, List<DependsOn> dependsOn, Health health, Stop stop,
        List<String> passEnv, List<Integer> successExitCodes, Integer replicas) {

    /** The shape of the fields most callers set; the newer ones left out. */
    public ActionSpec(String name, String interpreter, String script, String kind, String timeout,
            Map<String, EnvValue> env, String cwd, String user, List<DependsOn> dependsOn, Health health, Stop stop,
            List<String> passEnv) {
        this(name, interpreter, script, kind, timeout, env, null, cwd, user, dependsOn, health, stop, passEnv, null,
                null);
    }

    /** The same action with these environment entries and env files. */
    public ActionSpec withEnv(Map<String, EnvValue> newEnv, List<String> newEnvFile) {
        return new ActionSpec(name, interpreter, script, kind, timeout, newEnv, newEnvFile, cwd, user, dependsOn, health,
                stop, passEnv, successExitCodes, replicas);
    }

    public record DependsOn(String action, String condition) {
    }

    /**
     * A check of a process action: readiness until it first passes (or {@code start_timeout} runs
     * out), liveness after. {@code pattern} is the regex of a {@code log} check.
     */
    public record Health(String type, String target, String pattern, String interval, String timeout,
            Integer retries, String startPeriod, String startTimeout) {
    }

    /** How to stop it: {@code command} first when given, then {@code signal}, then SIGKILL. */
    public record Stop(String signal, String grace, String leftovers, String command) {
    }
}
