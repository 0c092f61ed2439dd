package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code service list|status|start|stop|restart|kill|signal|wanted|scale|get|set|delete}. */
final class ServiceCommands {

    static final String SUBCOMMANDS = "list, status, start, stop, restart, kill, signal, wanted, scale, get, set, delete";
    private static final String BASE = "/api/v1/services";

    private ServiceCommands() {
    }

    static int run(Context cx, List<String> words) {
        if (words.isEmpty()) {
            throw CliException.usage("'service' needs a subcommand: " + SUBCOMMANDS);
        }
        String sub = words.getFirst();
        List<String> rest = words.subList(1, words.size());
        String cmd = "service " + sub;
        switch (sub) {
            case "list" -> list(cx, CliArgs.parse(cmd, rest).atMost(0));
            case "status" -> status(cx, CliArgs.parse(cmd, rest).atMost(1));
            case "start", "stop", "restart", "kill" -> control(cx, sub, CliArgs.parse(cmd, rest).atMost(1));
            case "signal" -> signal(cx, CliArgs.parse(cmd, rest).atMost(2));
            case "wanted" -> wanted(cx, CliArgs.parse(cmd, rest).atMost(2));
            case "scale" -> scale(cx, CliArgs.parse(cmd, rest).atMost(3));
            case "get" -> get(cx, CliArgs.parse(cmd, rest).atMost(1));
            case "set" -> set(cx, CliArgs.parse(cmd, rest, "-f=", "--file=").atMost(1));
            case "delete" -> delete(cx, CliArgs.parse(cmd, rest).atMost(1));
            default -> throw CliException.usage("unknown subcommand 'service " + sub + "' (expected " + SUBCOMMANDS
                    + ")");
        }
        return 0;
    }

    private static String path(String name) {
        return BASE + "/" + ApiClient.segment(name);
    }

    private static void list(Context cx, CliArgs a) {
        JsonNode all = cx.api().get(BASE + "/status").json();
        cx.out().show(all, () -> {
            Table t = new Table("NAME", "STATE", "WANTED", "PIDS", "RESTARTS", "REASON");
            for (JsonNode s : all) {
                t.row(Cells.text(s, "name"), Cells.text(s, "state"), Cells.text(s, "wanted"), Cells.list(s, "pids"),
                        Cells.text(s, "restarts"), Cells.text(s, "reason"));
            }
            cx.out().table(t);
        });
    }

    private static void status(Context cx, CliArgs a) {
        showStatus(cx, cx.api().get(path(a.positional(0, "a service NAME")) + "/status").json());
    }

    /** Start, stop, restart and kill all answer with the status that follows. */
    private static void control(Context cx, String verb, CliArgs a) {
        showStatus(cx, cx.api().post(path(a.positional(0, "a service NAME")) + "/" + verb, null).json());
    }

    /** The signal goes as typed (HUP, SIGHUP, 1): the server knows the names and says what is wrong. */
    private static void signal(Context cx, CliArgs a) {
        String name = a.positional(0, "a service NAME");
        String signal = a.positional(1, "a SIGNAL (a name such as HUP or a number)");
        JsonNode body = cx.out().mapper.createObjectNode().put("signal", signal);
        showStatus(cx, cx.api().post(path(name) + "/signal", body).json());
    }

    static void showStatus(Context cx, JsonNode status) {
        cx.out().show(status, () -> cx.out().fields(status));
    }

    private static void wanted(Context cx, CliArgs a) {
        String name = a.positional(0, "a service NAME");
        String wanted = a.positional(1, "the wanted state: start, stop, ignore or spec");
        JsonNode body = cx.out().mapper.createObjectNode().put("wanted", wanted);
        JsonNode service = cx.api().put(path(name) + "/wanted", body).json();
        cx.out().show(service, () -> cx.out().fields(service));
    }

    private static void scale(Context cx, CliArgs a) {
        String name = a.positional(0, "a service NAME");
        String action = a.positional(1, "the ACTION to scale");
        String count = a.positional(2, "the number of REPLICAS");
        int replicas;
        try {
            replicas = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw CliException.usage("REPLICAS must be a whole number, got '" + count + "'");
        }
        JsonNode body = cx.out().mapper.createObjectNode().put("action", action).put("replicas", replicas);
        JsonNode status = cx.api().put(path(name) + "/scale", body).json();
        showStatus(cx, status);
    }

    private static void get(Context cx, CliArgs a) {
        JsonNode service = cx.api().get(path(a.positional(0, "a service NAME"))).json();
        cx.out().show(service, () -> cx.out().fields(service));
    }

    private static void set(Context cx, CliArgs a) {
        String name = a.positional(0, "a service NAME");
        String file = a.value("-f", "--file");
        if (file == null) {
            throw CliException.usage("'service set' needs -f FILE (a JSON or YAML service spec)");
        }
        JsonNode service = cx.api().put(path(name), Files.object(file, cx.out().mapper)).json();
        cx.out().show(service, () -> cx.out().fields(service));
    }

    private static void delete(Context cx, CliArgs a) {
        String name = a.positional(0, "a service NAME");
        cx.api().delete(path(name));
        cx.out().deleted("service", name);
    }
}
