package io.heroproc.registry;

import io.heroproc.model.ActionKind;
import io.heroproc.model.Dependency;
import io.heroproc.model.DependencyCondition;
import io.heroproc.model.HealthCheck;
import io.heroproc.model.HealthType;
import io.heroproc.model.ShellWords;
import io.heroproc.model.WireEnum;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The rules of one action on its own; references to other actions are checked by {@link CatalogRules}. */
final class ActionRules {

    static final Set<String> INTERPRETERS = Set.of("exec", "sh", "bash", "dash", "zsh", "python3", "python", "node",
            "perl", "ruby");
    static final Set<String> SIGNALS = Set.of("TERM", "INT", "HUP", "QUIT", "KILL", "USR1", "USR2", "ALRM", "WINCH");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("/[A-Za-z0-9._+/-]{0,254}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9a-fA-F:]+]):(\\d{1,5})");
    private static final int MAX_SCRIPT = 64 * 1024;
    private static final int MAX_ENV = 256;
    private static final int MAX_ENV_VALUE = 32 * 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofDays(30);

    private ActionRules() {
    }

    static ActionDef check(String name, ActionSpec spec, Violations v) {
        Rules.name(v, "name", name);
        Rules.sameName(v, name, spec.name());
        String interpreter = interpreter(v, spec.interpreter());
        ActionKind kind = kind(v, spec.kind());
        script(v, spec.script(), interpreter);
        Long timeout = spec.timeout() == null ? null
                : Rules.duration(v, "timeout", spec.timeout(), Duration.ZERO, Duration.ofMillis(1), MAX_TIMEOUT);
        Map<String, String> env = env(v, spec.env());
        java.util.Set<String> secrets = spec.env() == null ? java.util.Set.of()
                : spec.env().entrySet().stream().filter(e -> e.getValue() != null && e.getValue().isSecret())
                        .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
        List<String> envFiles = EnvFiles.check(v, spec.envFile());
        String cwd = cwd(v, spec.cwd());
        if (spec.user() != null && !USER.matcher(spec.user()).matches()) {
            v.add("user", "must be a user name ([a-z_][a-z0-9_-]{0,31}), got '" + Rules.shorten(spec.user()) + "'");
        }
        List<Dependency> deps = dependsOn(v, name, spec.dependsOn());
        HealthCheck health = health(v.under("health"), spec.health(), kind);
        String signal = "TERM";
        long grace = Duration.ofSeconds(10).toMillis();
        boolean keepLeftovers = false;
        String stopCommand = null;
        if (spec.stop() != null) {
            signal = signal(v, spec.stop().signal());
            grace = Rules.duration(v, "stop.grace", spec.stop().grace(), Duration.ofSeconds(10), Duration.ZERO,
                    Duration.ofHours(1));
            keepLeftovers = leftovers(v, spec.stop().leftovers());
            stopCommand = stopCommand(v, spec.stop().command(), interpreter);
        }
        return new ActionDef(name, interpreter, spec.script(), kind, timeout, env, cwd, spec.user(), deps, health,
                signal, grace, keepLeftovers, null, passEnv(v, spec.passEnv()), secrets, envFiles,
                successExitCodes(v, spec.successExitCodes()), stopCommand, replicas(v, spec.replicas(), kind));
    }

    static final int MAX_REPLICAS = 1000;

    static int replicas(Violations v, Integer replicas, ActionKind kind) {
        if (replicas == null) {
            return 1;
        }
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            v.add("replicas", "must be between 0 and " + MAX_REPLICAS + ", got " + replicas);
            return 1;
        }
        if (kind == ActionKind.ONESHOT && replicas != 1) {
            v.add("replicas", "applies to process actions; a oneshot runs once per run");
        }
        return replicas;
    }

    private static List<Integer> successExitCodes(Violations v, List<Integer> codes) {
        if (codes == null) {
            return ActionDef.SUCCESS;
        }
        if (codes.isEmpty()) {
            v.add("success_exit_codes", "must list at least one exit code (the default is [0])");
            return ActionDef.SUCCESS;
        }
        for (int i = 0; i < codes.size(); i++) {
            Integer c = codes.get(i);
            if (c == null || c < 0 || c > 255) {
                v.add("success_exit_codes[" + i + "]", "must be an exit code from 0 to 255, got " + c);
            }
        }
        return codes.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
    }

    private static String stopCommand(Violations v, String command, String interpreter) {
        if (command == null) {
            return null;
        }
        if (command.isBlank() || command.length() > MAX_SCRIPT || Rules.hasNul(command)) {
            v.add("stop.command", "must be a non-empty command of at most " + MAX_SCRIPT + " characters without NUL");
        } else if (interpreter.equals("exec")) {
            try {
                ShellWords.split(command);
            } catch (IllegalArgumentException e) {
                v.add("stop.command", "cannot be split into a command line: " + e.getMessage());
            }
        }
        return command;
    }

    private static boolean leftovers(Violations v, String leftovers) {
        if (leftovers == null || leftovers.equals("stop")) {
            return false;
        }
        if (leftovers.equals("keep")) {
            return true;
        }
        v.add("stop.leftovers", "must be stop or keep, got '" + Rules.shorten(leftovers) + "'");
        return false;
    }

    private static List<String> passEnv(Violations v, List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > MAX_ENV) {
            v.add("pass_env", "may hold at most " + MAX_ENV + " names");
            return List.of();
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || !ENV_KEY.matcher(names.get(i)).matches()) {
                v.add("pass_env[" + i + "]", "is not a valid variable name ([A-Za-z_][A-Za-z0-9_]*)");
            }
        }
        return names.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
    }

    private static String interpreter(Violations v, String interpreter) {
        if (interpreter == null) {
            return "exec";
        }
        if (INTERPRETERS.contains(interpreter)) {
            return interpreter;
        }
        if (ABSOLUTE_PATH.matcher(interpreter).matches() && !interpreter.contains("/../")
                && !interpreter.endsWith("/..") && !interpreter.endsWith("/")) {
            return interpreter;
        }
        v.add("interpreter", "must be one of " + sorted(INTERPRETERS) + ", or an absolute path; got '"
                + Rules.shorten(interpreter) + "'");
        return "exec";
    }

    private static String sorted(Set<String> set) {
        return String.join(", ", set.stream().sorted().toList());
    }

    private static ActionKind kind(Violations v, String kind) {
        if (kind == null) {
            return ActionKind.PROCESS;
        }
        return WireEnum.parse(ActionKind.class, kind).orElseGet(() -> {
            v.add("kind", "must be one of " + WireEnum.choices(ActionKind.class) + ", got '" + Rules.shorten(kind) + "'");
            return ActionKind.PROCESS;
        });
    }

    private static void script(Violations v, String script, String interpreter) {
        if (script == null || script.isBlank()) {
            v.add("script", "is required");
        } else if (script.length() > MAX_SCRIPT) {
            v.add("script", "may be at most " + MAX_SCRIPT + " characters");
        } else if (Rules.hasNul(script)) {
            v.add("script", "may not contain NUL characters");
        } else if (interpreter.equals("exec")) {
            try {
                ShellWords.split(script);
            } catch (IllegalArgumentException e) {
                v.add("script", "cannot be split into a command line: " + e.getMessage());
            }
        }
    }

    private static Map<String, String> env(Violations v, Map<String, EnvValue> env) {
        if (env == null) {
            return Map.of();
        }
        if (env.size() > MAX_ENV) {
            v.add("env", "may hold at most " + MAX_ENV + " variables");
            return Map.of();
        }
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, EnvValue> e : env.entrySet()) {
            String field = "env." + Rules.shorten(e.getKey());
            String value = e.getValue() == null ? null : e.getValue().value();
            if (!ENV_KEY.matcher(e.getKey()).matches()) {
                v.add(field, "is not a valid variable name ([A-Za-z_][A-Za-z0-9_]*)");
            } else if (value == null) {
                v.add(field, "needs a string value (or {value: \"...\", secret: true})");
            } else if (value.length() > MAX_ENV_VALUE || Rules.hasNul(value)) {
                v.add(field, "must be at most " + MAX_ENV_VALUE + " characters without NUL");
            } else {
                values.put(e.getKey(), value);
            }
        }
        return values;
    }

    private static String cwd(Violations v, String cwd) {
        if (cwd == null) {
            return null;
        }
        if (!cwd.startsWith("/") || cwd.length() > 4096 || Rules.hasNul(cwd)) {
            v.add("cwd", "must be an absolute path");
        }
        return cwd;
    }

    private static List<Dependency> dependsOn(Violations v, String self, List<ActionSpec.DependsOn> deps) {
        if (deps == null) {
            return List.of();
        }
        if (deps.size() > Rules.MAX_LIST) {
            v.add("depends_on", "may hold at most " + Rules.MAX_LIST + " entries");
            return List.of();
        }
        List<Dependency> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < deps.size(); i++) {
            String field = "depends_on[" + i + "]";
            ActionSpec.DependsOn d = deps.get(i);
            if (d == null) {
                v.add(field, "is required to be an object {action, condition}");
                continue;
            }
            Rules.name(v, field + ".action", d.action());
            if (d.action() != null && d.action().equals(self)) {
                v.add(field + ".action", "an action cannot depend on itself");
            } else if (d.action() != null && !seen.add(d.action())) {
                v.add(field + ".action", "'" + d.action() + "' is listed twice");
            }
            DependencyCondition condition = d.condition() == null ? DependencyCondition.REQUIRES
                    : WireEnum.parse(DependencyCondition.class, d.condition()).orElse(null);
            if (condition == null) {
                v.add(field + ".condition", "must be one of " + WireEnum.choices(DependencyCondition.class) + ", got '"
                        + Rules.shorten(d.condition()) + "'");
            }
            out.add(new Dependency(d.action(), condition));
        }
        return List.copyOf(out);
    }

    private static HealthCheck health(Violations v, ActionSpec.Health h, ActionKind kind) {
        if (h == null) {
            return null;
        }
        if (kind == ActionKind.ONESHOT) {
            v.add("", "health checks apply to process actions, not oneshot ones");
        }
        HealthType type = h.type() == null ? null : WireEnum.parse(HealthType.class, h.type()).orElse(null);
        if (type == null) {
            v.add("type", "must be one of " + WireEnum.choices(HealthType.class)
                    + (h.type() == null ? "" : ", got '" + Rules.shorten(h.type()) + "'"));
        }
        String target = type == HealthType.LOG ? pattern(v, h) : h.target();
        if (type != HealthType.LOG) {
            target(v, type, h.target());
            if (h.pattern() != null) {
                v.add("pattern", "applies to checks of type log; a " + (type == null ? "check" : type.wire()
                        + " check") + " has a target");
            }
        }
        long interval = Rules.duration(v, "interval", h.interval(), type == HealthType.LOG ? Duration.ofMillis(200)
                : Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofDays(1));
        long timeout = Rules.duration(v, "timeout", h.timeout(), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofHours(1));
        int retries = h.retries() == null ? 3 : h.retries();
        if (retries < 1 || retries > 100) {
            v.add("retries", "must be between 1 and 100, got " + retries);
        }
        long startPeriod = Rules.duration(v, "start_period", h.startPeriod(), Duration.ZERO, Duration.ZERO,
                Duration.ofDays(1));
        long startTimeout = Rules.duration(v, "start_timeout", h.startTimeout(), HealthCheck.DEFAULT_START_TIMEOUT,
                Duration.ofMillis(100), Duration.ofDays(1));
        return new HealthCheck(type, target, interval, timeout, retries, startPeriod, startTimeout);
    }

    /** A log check's regex, compiled once here so a bad one is refused with the reason. */
    private static String pattern(Violations v, ActionSpec.Health h) {
        if (h.target() != null) {
            v.add("target", "a log check has a pattern (a regex matched against each line), not a target");
        }
        String p = h.pattern();
        if (p == null || p.isEmpty()) {
            v.add("pattern", "is required: a regex matched against each line of the job's output");
            return p;
        }
        if (p.length() > 4096 || Rules.hasNul(p)) {
            v.add("pattern", "must be at most 4096 characters without NUL");
            return p;
        }
        try {
            Pattern.compile(p);
        } catch (java.util.regex.PatternSyntaxException e) {
            v.add("pattern", "is not a valid regex: " + e.getDescription() + " at index " + e.getIndex());
        }
        return p;
    }

    private static void target(Violations v, HealthType type, String target) {
        if (target == null || target.isBlank()) {
            v.add("target", "is required");
            return;
        }
        if (target.length() > 4096 || Rules.hasNul(target)) {
            v.add("target", "must be at most 4096 characters without NUL");
            return;
        }
        if (type == HealthType.TCP) {
            var m = HOST_PORT.matcher(target);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                v.add("target", "must be host:port with a port from 1 to 65535, got '" + Rules.shorten(target) + "'");
            }
        } else if (type == HealthType.HTTP && !isHttpUrl(target)) {
            v.add("target", "must be an http:// or https:// URL, got '" + Rules.shorten(target) + "'");
        } else if (type == HealthType.EXEC) {
            try {
                ShellWords.split(target);
            } catch (IllegalArgumentException e) {
                v.add("target", "cannot be split into a command line: " + e.getMessage());
            }
        }
    }

    private static boolean isHttpUrl(String target) {
        try {
            URI uri = new URI(target);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String signal(Violations v, String signal) {
        if (signal == null) {
            return "TERM";
        }
        String s = signal.toUpperCase(java.util.Locale.ROOT);
        s = s.startsWith("SIG") ? s.substring(3) : s;
        if (!SIGNALS.contains(s)) {
            v.add("stop.signal", "must be one of " + sorted(SIGNALS) + ", got '" + Rules.shorten(signal) + "'");
            return "TERM";
        }
        return s;
    }
}
