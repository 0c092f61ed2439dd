package io.heroproc.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.persistence.AttributeConverter;
import java.util.List;
import java.util.Map;

/** Structured settings stored as JSON text in one column. */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final TypeReference<T> type;

    protected JsonColumn(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return value == null ? null : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value, e);
        }
    }

    @Override
    public T convertToEntityAttribute(String column) {
        try {
            return column == null ? null : MAPPER.readValue(column, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column: " + column, e);
        }
    }

    @jakarta.persistence.Converter
    public static class Names extends JsonColumn<List<String>> {
        public Names() {
            super(new TypeReference<>() {});
        }
    }

    @jakarta.persistence.Converter
    public static class Codes extends JsonColumn<List<Integer>> {
        public Codes() {
            super(new TypeReference<>() {});
        }
    }

    @jakarta.persistence.Converter
    public static class Env extends JsonColumn<Map<String, String>> {
        public Env() {
            super(new TypeReference<>() {});
        }
    }

    @jakarta.persistence.Converter
    public static class Dependencies extends JsonColumn<List<Dependency>> {
        public Dependencies() {
            super(new TypeReference<>() {});
        }
    }

    @jakarta.persistence.Converter
    public static class Health extends JsonColumn<HealthCheck> {
        public Health() {
            super(new TypeReference<>() {});
        }
    }
}
