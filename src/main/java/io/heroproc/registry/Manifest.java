package io.heroproc.registry;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A manifest: actions and services in the API's shapes, keyed by name
 * ({@code {actions: {NAME: ACTION}, services: {NAME: SERVICE}}}). Read by {@link ManifestReader},
 * applied by {@link Registry#apply}. A missing section is an empty one.
 *
 * @param schema an optional {@code $schema} reference for editors; ignored
 * @param env environment given to every action of this manifest (an action's own entries win)
 * @param envFile env files read before every action's own
 */
// Read by Jackson from a byte[] body or a file, not as a REST body: native mode needs it registered.
@RegisterForReflection
public record Manifest(@JsonProperty("$schema") String schema, Map<String, ActionSpec> actions,
        Map<String, ServiceSpec> services, Map<String, WebhookSpec> webhooks, Map<String, EnvValue> env,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) java.util.List<String> envFile) {

    /** Where events are posted: {@code url}, and which event types ({@code events}; none: all). */
    @RegisterForReflection
    public record WebhookSpec(String url, java.util.List<String> events) {
    }

    public Manifest {
        // Copies that keep the file's order and tolerate the null entries the reader reports.
        actions = actions == null ? new LinkedHashMap<>() : new LinkedHashMap<>(actions);
        services = services == null ? new LinkedHashMap<>() : new LinkedHashMap<>(services);
        webhooks = webhooks == null ? new LinkedHashMap<>() : new LinkedHashMap<>(webhooks);
    }

    public Manifest(Map<String, ActionSpec> actions, Map<String, ServiceSpec> services) {
        this(null, actions, services, null, null, null);
    }

    public Manifest(String schema, Map<String, ActionSpec> actions, Map<String, ServiceSpec> services,
            Map<String, WebhookSpec> webhooks) {
        this(schema, actions, services, webhooks, null, null);
    }

    public static Manifest empty() {
        return new Manifest(null, null);
    }
}
