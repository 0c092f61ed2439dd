package io.heroproc.registry;

/** One reason a request was refused, naming the field it is about (JSON path, snake_case). */
public record FieldError(String field, String message) {
}
