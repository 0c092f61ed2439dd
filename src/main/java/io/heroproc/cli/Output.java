package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * Where answers go. With {@code --json} stdout carries exactly one JSON document (the server's
 * answer, re-indented), so scripts can parse it; otherwise tables and key/value views.
 */
final class Output {

    final PrintStream out;
    final boolean json;
    final ObjectMapper mapper;

    Output(PrintStream out, boolean json, ObjectMapper mapper) {
        this.out = out;
        this.json = json;
        this.mapper = mapper;
    }

    void json(JsonNode node) {
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON answer as is, or the human rendering. */
    void show(JsonNode node, Runnable human) {
        if (json) {
            json(node);
        } else {
            human.run();
        }
    }

    /** An object as aligned {@code key  value} lines, leaving out {@code skip}. */
    void fields(JsonNode node, Set<String> skip) {
        if (node == null || !node.isObject()) {
            out.println(node == null ? "" : node.toString());
            return;
        }
        Table t = new Table();
        for (Map.Entry<String, String> e : Cells.flatten(node).entrySet()) {
            String top = e.getKey().split("\\.", 2)[0];
            if (!skip.contains(top)) {
                t.row(e.getKey(), e.getValue());
            }
        }
        out.print(t.render());
    }

    void fields(JsonNode node) {
        fields(node, Set.of());
    }

    void table(Table t) {
        out.print(t.render());
    }

    /** What a delete (204, no body) prints: a sentence, or a small object under {@code --json}. */
    void deleted(String kind, String name) {
        if (json) {
            json(mapper.createObjectNode().put("kind", kind).put("name", name).put("deleted", true));
        } else {
            out.println("deleted " + kind + " " + name);
        }
    }
}
