package io.heroproc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heroproc.cli.ShellQuote;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * process-compose YAML to a hero-proc manifest: each process becomes an action and a service of
 * the same name (so each is started, stopped and restarted on its own, as in process-compose),
 * its {@code depends_on} the service's {@code requires}. A process others wait for to complete
 * becomes a oneshot, since hero-proc's {@code requires} waits for a oneshot to succeed.
 * {@code replicas} are hero-proc replicas, and {@code {{.PC_REPLICA_NUM}}} in a command the
 * shell's {@code $HERO_PROC_REPLICA}; relative {@code env_file} paths are made absolute against
 * the imported file's directory, so the manifest works wherever it is applied.
 */
public final class ProcessComposeImporter {

    private static final String REPLICA = "{{.PC_REPLICA_NUM}}";
    private static final String REPLICA_VAR = "$HERO_PROC_REPLICA";

    private final YamlSource src;
    private final Path here;
    private final Draft draft = new Draft();
    private final Map<String, String> globalEnv = new LinkedHashMap<>();
    private String interpreter = "bash";

    private ProcessComposeImporter(String file, YamlSource src) {
        this.src = src;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        this.here = parent == null ? Path.of("/") : parent;
    }

    public static ImportedManifest read(String file, byte[] content) {
        return new ProcessComposeImporter(file, YamlSource.read(file, content)).convert(file);
    }

    private ImportedManifest convert(String file) {
        JsonNode root = src.tree();
        if (root == null || !root.isObject()) {
            throw new ImportException(file, 1, "is not a process-compose file: expected a mapping with 'processes:'");
        }
        JsonNode processes = root.get("processes");
        if (processes == null || !processes.isObject() || processes.isEmpty()) {
            throw src.error("processes", "must be a mapping of process names to processes (a process-compose file"
                    + " declares at least one)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            topLevel(e.getKey(), e.getValue());
        }
        for (Iterator<String> it = processes.fieldNames(); it.hasNext();) {
            String name = it.next();
            draft.name(name, "processes." + name);
        }
        Set<String> awaited = awaitedToComplete(processes);
        for (Iterator<Map.Entry<String, JsonNode>> it = processes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            process(e.getKey(), e.getValue(), processes, awaited.contains(e.getKey()));
        }
        return draft.done(file);
    }

    private void topLevel(String key, JsonNode value) {
        switch (key) {
            case "processes", "version" -> {
            }
            case "environment" -> globalEnv.putAll(env("environment", value));
            case "shell" -> shell(value);
            case "ordered_shutdown" -> draft.dropped(key, "hero-proc always stops services in reverse dependency order");
            case "log_location", "log_level", "log_length", "log_configuration" ->
                    draft.dropped(key, "hero-proc keeps every job's output in its own store (hero-proc.logs.*)");
            case "vars" -> draft.dropped(key, "Go template variables are not expanded; write the values in");
            default -> draft.dropped(key, "a process-compose setting with no hero-proc equivalent");
        }
    }

    private void shell(JsonNode shell) {
        String command = text("shell.shell_command", shell.get("shell_command"));
        if (command != null) {
            if (command.matches("bash|sh|dash|zsh") || command.startsWith("/")) {
                interpreter = command;
            } else {
                draft.dropped("shell.shell_command", "'" + command + "' is not an interpreter hero-proc knows; bash is used");
            }
        }
        String argument = text("shell.shell_argument", shell.get("shell_argument"));
        if (argument != null && !argument.equals("-c")) {
            draft.dropped("shell.shell_argument", "hero-proc hands scripts to the interpreter with -c");
        }
    }

    private Set<String> awaitedToComplete(JsonNode processes) {
        Set<String> awaited = new HashSet<>();
        for (JsonNode p : processes) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.path("depends_on").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> dep = it.next();
                if (dep.getValue().path("condition").asText("").startsWith("process_completed")) {
                    awaited.add(dep.getKey());
                }
            }
        }
        return awaited;
    }

    private void process(String original, JsonNode p, JsonNode processes, boolean oneshot) {
        String at = "processes." + original;
        if (!p.isObject()) {
            throw src.error(at, "must be a mapping (command, depends_on, ...)");
        }
        String name = draft.name(original, at);
        ObjectNode action = draft.action(name);
        ObjectNode service = draft.service(name);
        action.put("interpreter", interpreter);
        String command = text(at + ".command", p.get("command"));
        if (command == null || command.isBlank()) {
            throw src.error(at, "has no command");
        }
        long replicas = p.has("replicas") ? replicas(at + ".replicas", p.get("replicas"), oneshot, name) : 1;
        action.put("script", command(at + ".command", command));
        if (oneshot) {
            action.put("kind", "oneshot");
        }
        Map<String, String> env = new LinkedHashMap<>(globalEnv);
        service.putArray("actions").add(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String field = at + "." + key;
            JsonNode v = e.getValue();
            switch (key) {
                case "command" -> {
                }
                case "replicas" -> {
                    if (replicas != 1) {
                        action.put("replicas", replicas);
                    }
                }
                case "working_dir" -> action.put("cwd", text(field, v));
                case "environment" -> env.putAll(env(field, v));
                case "env_file" -> envFile(field, v, action);
                case "depends_on" -> requires(field, v, processes, service);
                case "readiness_probe" -> action.set("health", health(field, v, replicas));
                case "liveness_probe" -> {
                    if (!p.has("readiness_probe")) {
                        action.set("health", health(field, v, replicas));
                        draft.warn(field, "carried over as the health check: hero-proc has one check per action, which"
                                + " acts as readiness until it first passes (dependents wait for it) and as liveness"
                                + " after");
                    }
                }
                case "availability" -> availability(field, v, service);
                case "shutdown" -> shutdown(field, v, action, replicas);
                case "disabled" -> {
                    if (bool(field, v)) {
                        service.put("wanted", "stop");
                    }
                }
                case "namespace" -> draft.dropped(field, "hero-proc has no namespaces");
                case "description" -> draft.dropped(field, "hero-proc stores no descriptions");
                case "log_location", "log_configuration", "disable_ansi_colors" ->
                        draft.dropped(field, "hero-proc keeps every job's output in its own store");
                case "is_daemon" -> draft.dropped(field, "hero-proc supervises the process it starts; run it in the "
                        + "foreground");
                default -> draft.dropped(field, "a process-compose setting with no hero-proc equivalent");
            }
        }
        if (p.has("readiness_probe") && p.has("liveness_probe")) {
            livenessBesideReadiness(at, p.get("liveness_probe"), (ObjectNode) action.get("health"));
        }
        if (!env.isEmpty()) {
            ObjectNode e = action.putObject("env");
            env.forEach(e::put);
        }
        if (!service.has("restart")) {
            // process-compose restarts nothing unless asked; hero-proc's default is always.
            service.putObject("restart").put("policy", "never");
        }
    }

    private long replicas(String field, JsonNode v, boolean oneshot, String name) {
        long n = number(field, v);
        if (n > Draft.MAX_REPLICAS) {
            throw src.error(field, "is " + n + "; hero-proc runs 0 to " + Draft.MAX_REPLICAS + " replicas of an action");
        }
        if (oneshot && n != 1) {
            draft.dropped(field, "another process waits for " + name + " to complete, so it is a oneshot, which runs"
                    + " once per run");
            return 1;
        }
        return n;
    }

    /**
     * hero-proc has one check per action: readiness until it first passes, liveness after. The
     * readiness probe is that check; the liveness probe's delay is its {@code start_period} (the
     * grace after a start in which failures do not count) unless the readiness probe set one.
     */
    private void livenessBesideReadiness(String at, JsonNode liveness, ObjectNode health) {
        String field = at + ".liveness_probe";
        String reason = "hero-proc has one check per action, which acts as readiness until it first passes and as "
                + "liveness after; readiness_probe is that check";
        JsonNode delay = liveness.get("initial_delay_seconds");
        if (delay != null && !health.has("start_period")) {
            health.put("start_period", Draft.seconds(number(field + ".initial_delay_seconds", delay)));
            reason += " (with this probe's initial_delay_seconds as its start_period)";
        }
        draft.dropped(field, reason);
    }

    private void envFile(String field, JsonNode v, ObjectNode action) {
        if (!v.isArray() && !v.isTextual()) {
            throw src.error(field, "must be a file path or a list of file paths");
        }
        ArrayNode files = draft.newObject().arrayNode();
        for (int i = 0; i < (v.isArray() ? v.size() : 1); i++) {
            String at = v.isArray() ? field + "[" + i + "]" : field;
            String file = text(at, v.isArray() ? v.get(i) : v);
            if (file == null || file.isBlank()) {
                throw src.error(at, "must be a file path");
            }
            // Relative to the imported file, as process-compose reads it; absolute, so it works wherever it is applied.
            files.add(here.resolve(file).normalize().toString());
        }
        if (files.size() == 1) {
            action.set("env_file", files.get(0));
        } else if (!files.isEmpty()) {
            action.set("env_file", files);
        }
    }

    private void requires(String field, JsonNode deps, JsonNode processes, ObjectNode service) {
        if (!deps.isObject()) {
            throw src.error(field, "must be a mapping of process names to {condition: ...}");
        }
        ArrayNode requires = service.putArray("requires");
        for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String dep = e.getKey();
            String at = field + "." + dep;
            if (!draft.knows(dep)) {
                // process-compose only logs this and starts the process anyway; so does the import.
                draft.dropped(at, "'" + dep + "' is not a process of this file");
                continue;
            }
            String name = draft.name(dep, at);
            requires.add(name);
            String condition = text(at + ".condition", e.getValue().get("condition"));
            JsonNode target = processes.get(dep);
            boolean probed = target.has("readiness_probe") || target.has("liveness_probe");
            switch (condition == null ? "process_started" : condition) {
                case "process_started" -> {
                    if (probed) {
                        draft.warn(at, "process_started carried over as requires, which also waits until " + name
                                + " is healthy");
                    }
                }
                case "process_healthy" -> {
                    if (!probed) {
                        draft.warn(at, name + " has no probe: requires counts it ready once it runs");
                    }
                }
                case "process_completed_successfully" -> {
                }
                case "process_completed" -> draft.warn(at, "process_completed carried over as "
                        + "process_completed_successfully: requires waits for " + name + " to succeed");
                case "process_log_ready" -> draft.warn(at, "process_log_ready carried over as process_started "
                        + "(hero-proc does not watch for a ready_log_line)");
                default -> throw src.error(at + ".condition", "is '" + condition + "'; expected process_started, "
                        + "process_healthy, process_completed, process_completed_successfully or process_log_ready");
            }
        }
    }

    private ObjectNode health(String field, JsonNode probe, long replicas) {
        ObjectNode h = draft.newObject();
        if (probe.has("exec")) {
            JsonNode exec = probe.get("exec");
            String command = text(field + ".exec.command", exec.get("command"));
            if (command == null) {
                throw src.error(field + ".exec", "has no command");
            }
            h.put("type", "exec");
            // process-compose runs probe commands through its shell; hero-proc execs the target's words.
            h.put("target", interpreter + " -c " + ShellQuote.quote(fixed(field + ".exec.command", command, replicas,
                    "a check")));
            if (exec.has("working_dir")) {
                draft.dropped(field + ".exec.working_dir", "an exec check runs in the action's cwd");
            }
        } else if (probe.has("http_get")) {
            JsonNode get = probe.get("http_get");
            String scheme = get.has("scheme") ? text(field + ".http_get.scheme", get.get("scheme")) : "http";
            String host = get.has("host") ? text(field + ".http_get.host", get.get("host")) : "127.0.0.1";
            String port = get.has("port")
                    ? fixed(field + ".http_get.port", get.get("port").asText(), replicas, "a check") : null;
            String path = get.has("path") ? text(field + ".http_get.path", get.get("path")) : "/";
            h.put("type", "http");
            h.put("target", scheme + "://" + host + (port == null ? "" : ":" + port)
                    + (path.startsWith("/") ? path : "/" + path));
        } else {
            throw src.error(field, "needs exec or http_get");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = probe.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = field + "." + e.getKey();
            switch (e.getKey()) {
                case "exec", "http_get" -> {
                }
                case "initial_delay_seconds" -> h.put("start_period", Draft.seconds(number(at, e.getValue())));
                case "period_seconds" -> h.put("interval", Draft.seconds(number(at, e.getValue())));
                case "timeout_seconds" -> h.put("timeout", Draft.seconds(number(at, e.getValue())));
                case "failure_threshold" -> h.put("retries", number(at, e.getValue()));
                case "success_threshold" -> {
                    if (number(at, e.getValue()) != 1) {
                        draft.dropped(at, "one passing check counts as healthy");
                    }
                }
                default -> draft.dropped(at, "a probe setting with no hero-proc equivalent");
            }
        }
        return h;
    }

    private void availability(String field, JsonNode a, ObjectNode service) {
        ObjectNode restart = service.putObject("restart");
        String policy = a.has("restart") ? text(field + ".restart", a.get("restart")) : "no";
        switch (policy) {
            case "always" -> restart.put("policy", "always");
            case "on_failure", "on-failure" -> restart.put("policy", "on-failure");
            case "no" -> restart.put("policy", "never");
            case "exit_on_failure" -> {
                restart.put("policy", "never");
                service.put("essential", true);
                draft.warn(field + ".restart", "exit_on_failure carried over as essential, which also ends hero-proc"
                        + " when the process completes successfully");
            }
            default -> throw src.error(field + ".restart", "is '" + policy + "'; expected always, on_failure, "
                    + "exit_on_failure or no");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = field + "." + e.getKey();
            switch (e.getKey()) {
                case "restart" -> {
                }
                case "backoff_seconds" -> {
                    // process-compose waits the same time before every restart: no growth, no jitter.
                    String s = Draft.seconds(number(at, e.getValue()));
                    restart.putObject("backoff").put("initial", s).put("factor", 1.0).put("max", s).put("jitter", 0.0);
                }
                case "max_restarts" -> {
                    long max = number(at, e.getValue());
                    if (max > 0) {
                        restart.put("max_restarts", max);
                    }
                }
                case "exit_on_end" -> {
                    if (bool(at, e.getValue())) {
                        service.put("essential", true);
                    }
                }
                default -> draft.dropped(at, "an availability setting with no hero-proc equivalent");
            }
        }
    }

    private void shutdown(String field, JsonNode s, ObjectNode action, long replicas) {
        ObjectNode stop = draft.newObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = field + "." + e.getKey();
            switch (e.getKey()) {
                case "signal" -> {
                    String name = SignalNames.of(e.getValue().asText());
                    if (name == null) {
                        draft.dropped(at, "hero-proc stops with TERM, INT, HUP, QUIT, KILL, USR1, USR2, ALRM or WINCH;"
                                + " TERM is used");
                    } else {
                        stop.put("signal", name);
                    }
                }
                case "timeout_seconds" -> stop.put("grace", Draft.seconds(number(at, e.getValue())));
                case "command" -> {
                    String command = text(at, e.getValue());
                    if (command == null || command.isBlank()) {
                        throw src.error(at, "must be a command");
                    }
                    // Run, as by process-compose, through the action's shell.
                    stop.put("command", fixed(at, command, replicas, "a stop command"));
                }
                case "parent_only" -> draft.dropped(at, "hero-proc signals the whole process group");
                default -> draft.dropped(at, "a shutdown setting with no hero-proc equivalent");
            }
        }
        if (!stop.isEmpty()) {
            action.set("stop", stop);
        }
    }

    private Map<String, String> env(String field, JsonNode v) {
        Map<String, String> env = new LinkedHashMap<>();
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            return env;
        }
        if (!v.isArray()) {
            throw src.error(field, "must be a list of KEY=VALUE strings");
        }
        for (int i = 0; i < v.size(); i++) {
            String entry = text(field + "[" + i + "]", v.get(i));
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq <= 0) {
                throw src.error(field + "[" + i + "]", "is '" + entry + "'; expected KEY=VALUE");
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    /**
     * A command run through the shell once per replica: {@code {{.PC_REPLICA_NUM}}} becomes the
     * replica's {@code $HERO_PROC_REPLICA}, quoted to fit where it stands.
     */
    private String command(String field, String command) {
        String out = replicaInShell(command);
        if (out.contains("{{")) {
            draft.dropped(field, "Go templates ({{...}}) are not expanded");
        }
        return out;
    }

    /**
     * {@code {{.PC_REPLICA_NUM}}} as {@code $HERO_PROC_REPLICA}: bare where no name character
     * follows, {@code "$HERO_PROC_REPLICA"} where one does ({@code port 80{{...}}0}), and
     * {@code '"$HERO_PROC_REPLICA"'} inside single quotes, where the shell would not expand it.
     * hero-proc's own interpolation leaves {@code $NAME} without braces alone.
     */
    static String replicaInShell(String command) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        int n = command.length();
        int i = 0;
        while (i < n) {
            if (command.startsWith(REPLICA, i)) {
                i += REPLICA.length();
                boolean glued = i < n && (Character.isLetterOrDigit(command.charAt(i)) || command.charAt(i) == '_');
                out.append(quote == '\'' ? "'\"" + REPLICA_VAR + "\"'"
                        : glued ? "\"" + REPLICA_VAR + "\"" : REPLICA_VAR);
                continue;
            }
            char c = command.charAt(i);
            out.append(c);
            i++;
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
            } else if (c == '\\' && i < n) {
                out.append(command.charAt(i));
                i++;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return out.toString();
    }

    /**
     * Text that does not run once per replica (a check, a stop command: they do not see
     * {@code HERO_PROC_REPLICA}): {@code {{.PC_REPLICA_NUM}}} is 0, exact for a single replica.
     */
    private String fixed(String field, String text, long replicas, String what) {
        String out = text;
        if (out.contains(REPLICA)) {
            out = out.replace(REPLICA, "0");
            if (replicas != 1) {
                draft.warn(field, REPLICA + " taken as 0: " + what + " does not see HERO_PROC_REPLICA, so every "
                        + "replica's is replica 0's");
            }
        }
        if (out.contains("{{")) {
            draft.dropped(field, "Go templates ({{...}}) are not expanded");
        }
        return out;
    }

    private String text(String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw src.error(field, "must be a string");
        }
        return v.asText();
    }

    private long number(String field, JsonNode v) {
        if (v != null && v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v != null && v.isTextual() && v.asText().strip().matches("\\d{1,12}")) {
            return Long.parseLong(v.asText().strip());
        }
        throw src.error(field, "must be a whole number (0 or more), got '" + (v == null ? "" : v.asText()) + "'");
    }

    private boolean bool(String field, JsonNode v) {
        if (v != null && v.isBoolean()) {
            return v.asBoolean();
        }
        throw src.error(field, "must be true or false");
    }
}
