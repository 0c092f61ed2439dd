package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code events [-f] [--service S] [--type T,...] [--limit N]}: what happened, and who did it.
 * Without {@code -f}, the latest events, oldest of them first (like a log); with it, then every
 * new one as it happens.
 */
final class EventCommands {

    private EventCommands() {
    }

    static int run(Context cx, List<String> words) {
        CliArgs a = CliArgs.parse("events", words, "-f", "--follow", "--service=", "--type=", "--limit=").atMost(0);
        String limit = a.value("--limit") == null ? null : Long.toString(CliArgs.number("--limit", a.value("--limit")));
        String filters = ApiClient.query("service", a.value("--service"), "type", a.value("--type"));
        JsonNode latest = cx.api().get("/api/v1/events" + ApiClient.query("service", a.value("--service"), "type",
                a.value("--type"), "limit", limit == null ? "20" : limit)).json();
        List<JsonNode> oldestFirst = new ArrayList<>();
        latest.forEach(e -> oldestFirst.addFirst(e));
        long last = oldestFirst.isEmpty() ? 0 : oldestFirst.getLast().path("id").asLong();
        if (!a.flag("-f", "--follow")) {
            cx.out().show(latest, () -> oldestFirst.forEach(e -> print(cx, e)));
            return 0;
        }
        oldestFirst.forEach(e -> print(cx, e));
        cx.api().follow("/api/v1/events" + (filters.isEmpty() ? "?" : filters + "&") + "after=" + last, data -> {
            try {
                JsonNode e = cx.out().mapper.readTree(data);
                if (e != null && e.has("type")) {
                    print(cx, e);
                } else if (e != null && e.has("missed")) {
                    cx.out().out.println("--- " + e.path("message").asText() + " ---");
                }
            } catch (JsonProcessingException ignored) {
                // not an event (a comment or keep-alive)
            }
            cx.out().out.flush();
        });
        return 0;
    }

    /** {@code 12:03:04 job.exited web/web_action (api, token 127.0.0.1) web_action failed: exit 2 at 12:03:04}. */
    private static void print(Context cx, JsonNode e) {
        if (cx.out().json) {
            cx.out().out.println(e.toString());
            return;
        }
        String ts = e.path("ts").asText();
        String clock = ts.length() >= 19 ? ts.substring(11, 19) : ts;
        String who = e.path("source").asText() + (e.path("caller").isNull() || e.path("caller").isMissingNode() ? ""
                : ", " + e.path("caller").asText());
        String subject = e.path("service").isNull() || e.path("service").isMissingNode() ? ""
                : " " + e.path("service").asText();
        cx.out().out.println(clock + " " + e.path("type").asText() + subject + " (" + who + ") "
                + TerminalText.visible(e.path("message").asText()));
    }
}
