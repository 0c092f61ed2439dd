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
        String cwd = cwd(v, spec.cwd());
        if (spec.user() != null && !USER.matcher(spec.user()).matches()) {
            v.add("user", "must be a user name ([a-z_][a-z0-9_-]{0,31}), got '" + Rules.shorten(spec.user()) + "'");
        }
        List<Dependency> deps = dependsOn(v, name, spec.dependsOn());
        HealthCheck health = health(v.under("health"), spec.health(), kind);
        String signal = "TERM";
        long grace = Duration.ofSeconds(10).toMillis();
        boolean keepLeftovers = false;
        if (spec.stop() != null) {
            signal = signal(v, spec.stop().signal());
            grace = Rules.duration(v, "stop.grace", spec.stop().grace(), Duration.ofSeconds(10), Duration.ZERO,
                    Duration.ofHours(1));
            keepLeftovers = leftovers(v, spec.stop().leftovers());
        }
        return new ActionDef(name, interpreter, spec.script(), kind, timeout, env, cwd, spec.user(), deps, health,
                signal, grace, keepLeftovers, null, passEnv(v, spec.passEnv()));
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

    private static Map<String, String> env(Violations v, Map<String, String> env) {
        if (env == null) {
            return Map.of();
        }
        if (env.size() > MAX_ENV) {
            v.add("env", "may hold at most " + MAX_ENV + " variables");
            return Map.of();
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String field = "env." + Rules.shorten(e.getKey());
            if (!ENV_KEY.matcher(e.getKey()).matches()) {
                v.add(field, "is not a valid variable name ([A-Za-z_][A-Za-z0-9_]*)");
            } else if (e.getValue() == null) {
                v.add(field, "needs a string value");
            } else if (e.getValue().length() > MAX_ENV_VALUE || Rules.hasNul(e.getValue())) {
                v.add(field, "must be at most " + MAX_ENV_VALUE + " characters without NUL");
            }
        }
        return new TreeMap<>(env);
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
        target(v, type, h.target());
        long interval = Rules.duration(v, "interval", h.interval(), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofDays(1));
        long timeout = Rules.duration(v, "timeout", h.timeout(), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofHours(1));
        int retries = h.retries() == null ? 3 : h.retries();
        if (retries < 1 || retries > 100) {
            v.add("retries", "must be between 1 and 100, got " + retries);
        }
        long startPeriod = Rules.duration(v, "start_period", h.startPeriod(), Duration.ZERO, Duration.ZERO,
                Duration.ofDays(1));
        return new HealthCheck(type, h.target(), interval, timeout, retries, startPeriod);
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
