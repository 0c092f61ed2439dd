package io.heroproc.registry;

/** The request is valid but clashes with the current state (e.g. deleting an action in use). */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
