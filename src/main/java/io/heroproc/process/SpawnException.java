package io.heroproc.process;

/** A job could not be started; the message says why in terms a user can act on. */
public class SpawnException extends Exception {

    private static final long serialVersionUID = 1L;

    public SpawnException(String message) {
        super(message);
    }

    public SpawnException(String message, Throwable cause) {
        super(message, cause);
    }
}
