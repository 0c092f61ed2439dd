package io.heroproc.registry;

import io.heroproc.events.EventType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The rules of a webhook declared in a manifest. */
final class WebhookRules {

    /** A validated webhook: its URL and the event types sent (sorted; empty: all). */
    record WebhookDef(String name, String url, List<String> types) {
    }

    private WebhookRules() {
    }

    static WebhookDef check(String name, Manifest.WebhookSpec spec, Violations v) {
        Rules.name(v, "name", name);
        if (spec == null) {
            v.add("", "must be a webhook object {url, events}");
            return null;
        }
        if (spec.url() == null || !isHttpUrl(spec.url())) {
            v.add("url", "must be an http:// or https:// URL, got '" + Rules.shorten(String.valueOf(spec.url())) + "'");
        }
        List<String> types = new ArrayList<>();
        List<String> events = spec.events() == null ? List.of() : spec.events();
        for (int i = 0; i < events.size(); i++) {
            String t = events.get(i);
            if (t == null || EventType.parse(t).isEmpty()) {
                v.add("events[" + i + "]", "is not an event type: '" + Rules.shorten(String.valueOf(t)) + "'");
            } else if (EventType.parse(t).get() == EventType.WEBHOOK_FAILED) {
                v.add("events[" + i + "]", "webhook failures are not sent to webhooks (they would feed themselves)");
            } else {
                types.add(EventType.parse(t).get().wire());
            }
        }
        return new WebhookDef(name, spec.url(), types.stream().distinct().sorted().toList());
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
