package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code action list|get|set|delete}. */
final class ActionCommands {

    static final String SUBCOMMANDS = "list, get, set, delete";
    private static final String BASE = "/api/v1/actions";
    private static final int SCRIPT_WIDTH = 60;

    private ActionCommands() {
    }

    static int run(Context cx, List<String> words) {
        if (words.isEmpty()) {
            throw CliException.usage("'action' needs a subcommand: " + SUBCOMMANDS);
        }
        String sub = words.getFirst();
        List<String> rest = words.subList(1, words.size());
        String cmd = "action " + sub;
        switch (sub) {
            case "list" -> list(cx, CliArgs.parse(cmd, rest).atMost(0));
            case "get" -> get(cx, CliArgs.parse(cmd, rest).atMost(1));
            case "set" -> set(cx, CliArgs.parse(cmd, rest, "-f=", "--file=", "--script=", "--interpreter=", "--kind=",
                    "--timeout=", "--cwd=", "--user=", "--env=", "--requires=", "--after=", "--health=",
                    "--stop-signal=", "--stop-grace=").atMost(1));
            case "delete" -> delete(cx, CliArgs.parse(cmd, rest).atMost(1));
            default -> throw CliException.usage("unknown subcommand 'action " + sub + "' (expected " + SUBCOMMANDS
                    + ")");
        }
        return 0;
    }

    private static String path(String name) {
        return BASE + "/" + ApiClient.segment(name);
    }

    /** SERVICE shows {@code generated_by}: a quick service's action belongs to it, not to the user. */
    private static void list(Context cx, CliArgs a) {
        JsonNode all = cx.api().get(BASE).json();
        cx.out().show(all, () -> {
            Table t = new Table("NAME", "KIND", "INTERPRETER", "SERVICE", "SCRIPT");
            for (JsonNode x : all) {
                t.row(Cells.text(x, "name"), Cells.text(x, "kind"), Cells.text(x, "interpreter"),
                        Cells.text(x, "generated_by"), shorten(Cells.text(x, "script")));
            }
            cx.out().table(t);
        });
    }

    private static String shorten(String script) {
        if (script == null) {
            return null;
        }
        String one = Table.cell(script);
        return one.length() > SCRIPT_WIDTH ? one.substring(0, SCRIPT_WIDTH - 3) + "..." : one;
    }

    private static void get(Context cx, CliArgs a) {
        JsonNode action = cx.api().get(path(a.positional(0, "an action NAME"))).json();
        cx.out().show(action, () -> cx.out().fields(action));
    }

    private static void set(Context cx, CliArgs a) {
        String name = a.positional(0, "an action NAME");
        String file = a.value("-f", "--file");
        if (file == null && a.value("--script") == null) {
            throw CliException.usage("'action set' needs -f FILE or --script SCRIPT");
        }
        ObjectNode spec = file == null ? cx.out().mapper.createObjectNode()
                : (ObjectNode) Files.object(file, cx.out().mapper);
        applyOptions(spec, a);
        JsonNode action = cx.api().put(path(name), spec).json();
        cx.out().show(action, () -> cx.out().fields(action));
    }

    /**
     * Options override (or add to) what the file says, so a stored spec can be tweaked on the
     * command line; the PUT still replaces the whole action.
     */
    static void applyOptions(ObjectNode spec, CliArgs a) {
        for (String field : List.of("script", "interpreter", "kind", "timeout", "cwd", "user")) {
            String v = a.value("--" + field);
            if (v != null) {
                spec.put(field, v);
            }
        }
        for (String kv : a.values("--env")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--env takes KEY=VALUE, got '" + kv + "'");
            }
            ObjectNode env = spec.has("env") && spec.get("env").isObject() ? (ObjectNode) spec.get("env")
                    : spec.putObject("env");
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (String condition : List.of("requires", "after")) {
            for (String dep : a.values("--" + condition)) {
                ArrayNode list = spec.has("depends_on") && spec.get("depends_on").isArray()
                        ? (ArrayNode) spec.get("depends_on") : spec.putArray("depends_on");
                list.addObject().put("action", dep).put("condition", condition);
            }
        }
        String health = a.value("--health");
        if (health != null) {
            int colon = health.indexOf(':');
            if (colon <= 0 || colon == health.length() - 1) {
                throw CliException.usage("--health takes TYPE:TARGET (e.g. tcp:127.0.0.1:8080), got '" + health
                        + "'");
            }
            spec.putObject("health").put("type", health.substring(0, colon)).put("target", health.substring(colon
                    + 1));
        }
        if (a.value("--stop-signal") != null || a.value("--stop-grace") != null) {
            ObjectNode stop = spec.has("stop") && spec.get("stop").isObject() ? (ObjectNode) spec.get("stop")
                    : spec.putObject("stop");
            if (a.value("--stop-signal") != null) {
                stop.put("signal", a.value("--stop-signal"));
            }
            if (a.value("--stop-grace") != null) {
                stop.put("grace", a.value("--stop-grace"));
            }
        }
    }

    private static void delete(Context cx, CliArgs a) {
        String name = a.positional(0, "an action NAME");
        cx.api().delete(path(name));
        cx.out().deleted("action", name);
    }
}
