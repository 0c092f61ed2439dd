package io.heroproc.registry;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param include other manifest files or directories, relative to this file, read with it by
 *     {@link ManifestReader#read(java.nio.file.Path)} (the boot loader, the CLI); a document
 *     posted on its own cannot include anything, the server cannot see the sender's files
 * @param env environment given to every action of this manifest (an action's own entries win)
 * @param envFile env files read before every action's own
 */
// Read by Jackson from a byte[] body or a file, not as a REST body: native mode needs it registered.
@RegisterForReflection
public record Manifest(@JsonProperty("$schema") String schema,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> include,
        Map<String, ActionSpec> actions, Map<String, ServiceSpec> services, Map<String, WebhookSpec> webhooks,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, EnvValue> env,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
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
        include = include == null ? java.util.List.of() : include;
    }

    public Manifest(Map<String, ActionSpec> actions, Map<String, ServiceSpec> services) {
        this(null, null, actions, services, null, null, null);
    }

    public static Manifest empty() {
        return new Manifest(null, null);
    }

    /** The same definitions without {@code $schema} and {@code include}: what is sent once includes are read. */
    public Manifest resolved() {
        return new Manifest(null, null, actions, services, webhooks.isEmpty() ? null : webhooks, env, envFile);
    }
}
