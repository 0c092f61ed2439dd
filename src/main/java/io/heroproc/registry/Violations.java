package io.heroproc.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Collects every broken rule of a request, so one answer names them all. */
final class Violations {

    private final List<FieldError> sink;
    private final String prefix;

    Violations() {
        this(new ArrayList<>(), "");
    }

    private Violations(List<FieldError> sink, String prefix) {
        this.sink = sink;
        this.prefix = prefix;
    }

    /** The same collector, with field names nested under {@code field}. */
    Violations under(String field) {
        return new Violations(sink, path(field));
    }

    void add(String field, String message) {
        sink.add(new FieldError(path(field), message));
    }

    private String path(String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        if (field.isEmpty()) {
            return prefix;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }

    boolean isEmpty() {
        return sink.isEmpty();
    }

    void throwIfAny() {
        throwIfAny(UnaryOperator.identity());
    }

    /** Throws with field names translated, for requests whose fields are spelled differently. */
    void throwIfAny(UnaryOperator<String> rename) {
        if (!sink.isEmpty()) {
            throw new InvalidSpecException(sink.stream().map(e -> new FieldError(rename.apply(e.field()), e.message()))
                    .distinct().toList());
        }
    }
}
