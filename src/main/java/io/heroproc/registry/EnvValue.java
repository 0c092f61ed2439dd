package io.heroproc.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One environment value as written: a plain string ({@code PORT: "8080"}), or an object that can
 * mark it secret ({@code API_KEY: {value: "...", secret: true}}). A secret is stored like any
 * value but never shown: the API, the CLI and the dashboard show {@link #HIDDEN}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvValue(String value, Boolean secret) {

    /** What is shown instead of a secret's value; written back unchanged, it keeps the stored value. */
    public static final String HIDDEN = "***";

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public EnvValue {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EnvValue of(String value) {
        return new EnvValue(value, null);
    }

    public boolean isSecret() {
        return Boolean.TRUE.equals(secret);
    }

    /** A plain value reads back as the plain string it was written as. */
    @JsonValue
    Object json() {
        return isSecret() ? java.util.Map.of("value", value, "secret", true) : value;
    }
}
