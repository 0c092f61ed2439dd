package io.heroproc.registry;

import io.heroproc.model.Action;
import io.heroproc.model.ActionKind;
import io.heroproc.model.Dependency;
import io.heroproc.model.HealthCheck;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated, normalised action: what gets stored. Equal definitions mean "nothing to change".
 * {@code secretEnv} names the {@code env} entries that are never shown; {@code envFiles} are read
 * at each start of a job (their values are never stored).
 */
public record ActionDef(String name, String interpreter, String script, ActionKind kind, Long timeoutMs,
        Map<String, String> env, String cwd, String user, List<Dependency> dependsOn, HealthCheck health,
        String stopSignal, long stopGraceMs, boolean keepLeftovers, String generatedBy, List<String> passEnv,
        Set<String> secretEnv, List<String> envFiles, List<Integer> successExitCodes, String stopCommand,
        int replicas) {

    public static final List<Integer> SUCCESS = List.of(0);

    public static ActionDef of(Action a) {
        return new ActionDef(a.name, a.interpreter, a.script, a.kind, a.timeoutMs, Map.copyOf(a.env), a.cwd, a.user,
                List.copyOf(a.dependsOn), a.health, a.stopSignal, a.stopGraceMs, "keep".equals(a.stopLeftovers),
                a.generatedBy,
                a.passEnv == null ? List.of() : List.copyOf(a.passEnv),
                a.secretEnv == null ? Set.of() : Set.copyOf(a.secretEnv),
                a.envFiles == null ? List.of() : List.copyOf(a.envFiles),
                a.successExitCodes == null || a.successExitCodes.isEmpty() ? SUCCESS : List.copyOf(a.successExitCodes),
                a.stopCommand, Math.max(a.replicas, 0));
    }

    /** Whether an exit with {@code code} counts as success (for oneshots and restart: on-failure). */
    public boolean succeeded(Integer code) {
        return code != null && successExitCodes.contains(code);
    }

    /**
     * Its fields by their API names, for the diff of a change event ({@link CatalogEvents} never
     * shows environment values: they may be secrets).
     */
    java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("interpreter", interpreter);
        f.put("script", script);
        f.put("kind", kind.wire());
        f.put("timeout", DurationText.format(timeoutMs));
        f.put("env", env);
        f.put("env_file", envFiles);
        f.put("pass_env", passEnv);
        f.put("cwd", cwd);
        f.put("user", user);
        f.put("depends_on", dependsOn.stream().map(d -> d.action() + " (" + d.condition().wire() + ")").toList());
        f.put("health", health == null ? null : health.type().wire() + " " + health.target());
        f.put("stop.signal", stopSignal);
        f.put("stop.grace", DurationText.format(stopGraceMs));
        f.put("stop.leftovers", keepLeftovers ? "keep" : "stop");
        f.put("stop.command", stopCommand);
        f.put("success_exit_codes", successExitCodes);
        f.put("replicas", replicas);
        return f;
    }

    void copyTo(Action a) {
        a.name = name;
        a.interpreter = interpreter;
        a.script = script;
        a.kind = kind;
        a.timeoutMs = timeoutMs;
        a.env = env;
        a.cwd = cwd;
        a.user = user;
        a.dependsOn = dependsOn;
        a.health = health;
        a.stopSignal = stopSignal;
        a.stopGraceMs = stopGraceMs;
        a.stopLeftovers = keepLeftovers ? "keep" : "stop";
        a.generatedBy = generatedBy;
        a.passEnv = passEnv;
        a.secretEnv = secretEnv.stream().sorted().toList();
        a.envFiles = envFiles;
        a.successExitCodes = successExitCodes;
        a.stopCommand = stopCommand;
        a.replicas = replicas;
    }

    List<String> dependencyNames() {
        return dependsOn.stream().map(Dependency::action).toList();
    }

    ActionDef generatedBy(String service) {
        return new ActionDef(name, interpreter, script, kind, timeoutMs, env, cwd, user, dependsOn, health, stopSignal,
                stopGraceMs, keepLeftovers, service, passEnv, secretEnv, envFiles, successExitCodes, stopCommand,
                replicas);
    }
}
