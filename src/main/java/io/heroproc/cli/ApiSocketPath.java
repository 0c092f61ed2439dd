package io.heroproc.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the CLI talks to hero-proc through its Unix-domain socket, and which. An explicit
 * {@code --socket} must exist; otherwise an explicit {@code HERO_PROC_URL} wins, and the socket of
 * {@code HERO_PROC_SOCKET} (or {@code hero-proc.sock} in {@code HERO_PROC_DATA_DIR}, default
 * {@code data}) is used when it is there: in a container the CLI then needs no port and no token.
 */
final class ApiSocketPath {

    static final String FILE_NAME = "hero-proc.sock";

    private ApiSocketPath() {
    }

    /** The socket to use, or null for TCP. */
    static Path choose(Map<String, String> env, String option) {
        if (option != null) {
            Path p = Path.of(option);
            if (!isSocket(p)) {
                throw CliException.unreachable("no hero-proc socket at " + option);
            }
            return p;
        }
        if (set(env.get("HERO_PROC_URL"))) {
            return null;
        }
        String socket = env.get("HERO_PROC_SOCKET");
        Path p = set(socket) ? Path.of(socket.trim())
                : Path.of(set(env.get("HERO_PROC_DATA_DIR")) ? env.get("HERO_PROC_DATA_DIR").trim() : "data")
                        .resolve(FILE_NAME);
        return isSocket(p) ? p : null;
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }

    /** A socket file (not a regular file that happens to have the name). */
    private static boolean isSocket(Path p) {
        try {
            return Files.exists(p) && Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }
}
