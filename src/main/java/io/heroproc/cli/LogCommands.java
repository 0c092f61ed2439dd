package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Base64;
import java.util.List;

/**
 * {@code logs SERVICE|JOB [-f] [-n N|all]}: a job's or a service's output lines, the last 100 by
 * default ({@code -n}), and with {@code -f} from there on as they come, like {@code docker logs
 * -f --tail}. {@code --after}/{@code --limit} page instead. A numeric argument is a job id; a
 * service whose name is all digits (the name rule allows it) is reached with {@code --service}.
 */
final class LogCommands {

    private static final int DEFAULT_TAIL = 100;
    private static final int PAGE = 10_000;

    private LogCommands() {
    }

    static int run(Context cx, List<String> words) {
        CliArgs a = CliArgs.parse("logs", words, "-f", "--follow", "--service", "--raw", "--stream=", "--limit=",
                "--after=", "-n=", "--tail=").atMost(1);
        boolean raw = a.flag("--raw");
        String target = a.positional(0, "a SERVICE name or a JOB id");
        boolean job = isJobId(target) && !a.flag("--service");
        String path = job ? "/api/v1/jobs/" + target + "/logs" : "/api/v1/services/" + ApiClient.segment(target) + "/logs";
        String limit = number(a, "--limit");
        String after = number(a, "--after");
        String n = a.value("-n", "--tail");
        boolean all = "all".equals(n);
        String tail = after != null || limit != null || all ? null
                : n == null ? Integer.toString(DEFAULT_TAIL) : Long.toString(CliArgs.number("-n", n));
        String stream = a.value("--stream");
        if (a.flag("-f", "--follow")) {
            follow(cx, path + ApiClient.query("after", all && after == null ? "0" : after, "tail", tail, "stream",
                    stream), raw);
        } else if (all) {
            everything(cx, path, stream, job ? "seq" : "id", raw);
        } else {
            JsonNode entries = cx.api().get(path + ApiClient.query("after", after, "limit", limit, "tail", tail,
                    "stream", stream)).json();
            cx.out().show(entries, () -> {
                if (entries != null) {
                    entries.forEach(e -> print(cx, e, raw));
                }
            });
        }
        return 0;
    }

    private static String number(CliArgs a, String option) {
        return a.value(option) == null ? null : Long.toString(CliArgs.number(option, a.value(option)));
    }

    /** {@code -n all}: every stored line, page after page from the cursor. */
    private static void everything(Context cx, String path, String stream, String cursor, boolean raw) {
        ArrayNode collected = cx.out().json ? cx.out().mapper.createArrayNode() : null;
        String after = "0";
        while (true) {
            JsonNode page = cx.api().get(path + ApiClient.query("after", after, "limit", Integer.toString(PAGE),
                    "stream", stream)).json();
            if (page == null || page.isEmpty()) {
                break;
            }
            for (JsonNode e : page) {
                if (collected != null) {
                    collected.add(e);
                } else {
                    print(cx, e, raw);
                }
            }
            after = page.get(page.size() - 1).path(cursor).asText();
        }
        if (collected != null) {
            cx.out().json(collected);
        }
    }

    /**
     * A line as printed: its control characters shown, not obeyed, unless {@code --raw}, which
     * prints the bytes as they came (also when they were not UTF-8). A piece of a long line that
     * the next entry continues gets no newline.
     */
    private static void print(Context cx, JsonNode entry, boolean raw) {
        String line = entry.path("line").asText("");
        if (raw && entry.hasNonNull("line_base64")) {
            byte[] bytes = Base64.getDecoder().decode(entry.get("line_base64").asText());
            cx.out().out.write(bytes, 0, bytes.length);
        } else {
            cx.out().out.print(raw ? line : TerminalText.visible(line));
        }
        if (!entry.path("partial").asBoolean(false)) {
            cx.out().out.println();
        }
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
            if (cx.out().json) {
                cx.out().out.println(entry.toString());
            } else {
                print(cx, entry, raw);
            }
            cx.out().out.flush();
        });
    }
}
