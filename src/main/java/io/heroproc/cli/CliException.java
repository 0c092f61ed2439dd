package io.heroproc.cli;

/**
 * A failure the CLI reports as one line on stderr with a fixed exit code, so scripts can tell a
 * refused request (1) from a usage mistake (2) from a server that is not there (3).
 */
public final class CliException extends RuntimeException {

    public static final int API = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private final int exitCode;

    private CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliException api(String message) {
        return new CliException(API, message);
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    public static CliException unreachable(String message) {
        return new CliException(UNREACHABLE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
