package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code quick NAME [options] -- CMD...}: one command becomes action NAME_action and service NAME. */
final class QuickCommand {

    private QuickCommand() {
    }

    static int run(Context cx, List<String> words) {
        CliArgs a = CliArgs.parse("quick", words, "--interpreter=", "--kind=", "--env=", "--cwd=", "--no-start")
                .atMost(1);
        String name = a.positional(0, "a service NAME");
        List<String> command = a.rest();
        if (command == null || command.isEmpty()) {
            throw CliException.usage("'quick' needs the command after --, e.g. quick web -- python3 -m http.server");
        }
        ObjectNode body = cx.out().mapper.createObjectNode().put("name", name)
                .put("command", ShellQuote.command(command));
        // Only what was given: the server owns the defaults (exec, process).
        if (a.value("--interpreter") != null) {
            body.put("interpreter", a.value("--interpreter"));
        }
        if (a.value("--kind") != null) {
            body.put("kind", a.value("--kind"));
        }
        if (a.value("--cwd") != null) {
            body.put("cwd", a.value("--cwd"));
        }
        for (String kv : a.values("--env")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--env takes KEY=VALUE, got '" + kv + "'");
            }
            (body.has("env") ? (ObjectNode) body.get("env") : body.putObject("env")).put(kv.substring(0, eq),
                    kv.substring(eq + 1));
        }
        body.put("start", !a.flag("--no-start"));
        JsonNode service = cx.api().post("/api/v1/quick-services", body).json();
        cx.out().show(service, () -> cx.out().fields(service));
        return 0;
    }
}
