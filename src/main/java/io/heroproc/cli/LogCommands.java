package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code logs SERVICE|JOB [-f]}: a job's or a service's output lines. A numeric argument is a
 * job id; a service whose name is all digits (the name rule allows it) is reached with
 * {@code --service}.
 */
final class LogCommands {

    private LogCommands() {
    }

    static int run(Context cx, List<String> words) {
        CliArgs a = CliArgs.parse("logs", words, "-f", "--follow", "--service", "--raw", "--stream=", "--limit=",
                "--after=").atMost(1);
        boolean raw = a.flag("--raw");
        String target = a.positional(0, "a SERVICE name or a JOB id");
        String path = isJobId(target) && !a.flag("--service") ? "/api/v1/jobs/" + target + "/logs"
                : "/api/v1/services/" + ApiClient.segment(target) + "/logs";
        String limit = a.value("--limit") == null ? null : Long.toString(CliArgs.number("--limit", a.value(
                "--limit")));
        String after = a.value("--after") == null ? null : Long.toString(CliArgs.number("--after", a.value(
                "--after")));
        path += ApiClient.query("after", after, "limit", limit, "stream", a.value("--stream"));
        if (a.flag("-f", "--follow")) {
            follow(cx, path, raw);
        } else {
            JsonNode entries = cx.api().get(path).json();
            cx.out().show(entries, () -> {
                if (entries != null) {
                    entries.forEach(e -> cx.out().out.println(text(e.path("line").asText(""), raw)));
                }
            });
        }
        return 0;
    }

    /** A line as printed: with its control characters shown, not obeyed, unless {@code --raw}. */
    private static String text(String line, boolean raw) {
        return raw ? line : TerminalText.visible(line);
    }

    static boolean isJobId(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Prints each event as it comes (flushed: a pipe must see lines live). Under {@code --json}
     * each entry is one compact JSON line, since a never-ending stream cannot be one document.
     */
    private static void follow(Context cx, String path, boolean raw) {
        cx.api().follow(path, data -> {
            JsonNode entry;
            try {
                entry = cx.out().mapper.readTree(data);
            } catch (JsonProcessingException e) {
                return; // not a log entry (a keep-alive or another event type)
            }
            if (entry == null || !entry.isObject() || !entry.has("line")) {
                return;
            }
            cx.out().out.println(cx.out().json ? entry.toString() : text(entry.get("line").asText(""), raw));
            cx.out().out.flush();
        });
    }
}
