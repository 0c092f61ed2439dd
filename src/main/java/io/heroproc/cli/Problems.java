package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Turns an error answer into the one line the CLI prints after {@code hero-proc: }. */
final class Problems {

    private Problems() {
    }

    /**
     * A problem document gives its {@code detail} plus any {@code errors[]} pair the detail does
     * not already spell out; anything else (a proxy's HTML page, an unknown route) is described
     * by its status and first line.
     */
    static String describe(int status, JsonNode json, String text, String method, String path) {
        if (json != null && json.isObject() && (json.hasNonNull("detail") || json.hasNonNull("title"))) {
            String detail = json.hasNonNull("detail") ? json.get("detail").asText() : json.get("title").asText();
            List<String> extra = new ArrayList<>();
            for (JsonNode e : json.path("errors")) {
                String pair = e.path("field").asText("") + ": " + e.path("message").asText("");
                if (!detail.contains(pair)) {
                    extra.add(pair);
                }
            }
            return extra.isEmpty() ? detail : detail + " (" + String.join("; ", extra) + ")";
        }
        String first = text == null ? "" : text.strip().lines().findFirst().orElse("");
        if (first.length() > 200) {
            first = first.substring(0, 197) + "...";
        }
        return "HTTP " + status + " from " + method + " " + path + (first.isEmpty() ? "" : ": " + first);
    }
}
