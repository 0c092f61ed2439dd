package io.heroproc.registry;

import java.util.List;

/** The request was understood but its content breaks a rule; nothing was changed. */
public class InvalidSpecException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid" : errors.getFirst().field() + ": " + errors.getFirst().message());
        this.errors = List.copyOf(errors);
    }

    public InvalidSpecException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
