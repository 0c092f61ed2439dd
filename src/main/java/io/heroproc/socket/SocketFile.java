package io.heroproc.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The socket's file: made 0600 before anyone can connect, replacing a stale one that a killed
 * hero-proc left, never another server's live one nor a file that is not a socket.
 *
 * <p>The JDK cannot set the mode a socket is bound with (no umask), so it is bound inside a fresh
 * directory only hero-proc's user can enter, set to 0600 there, and then renamed into place: the
 * name appears at once with its final mode, and nobody could connect before.
 */
final class SocketFile {

    /** {@code sun_path} holds 108 bytes, the terminating NUL included. */
    static final int MAX_PATH_BYTES = 107;

    private SocketFile() {
    }

    /** Listens on {@code path}; returns the channel and the identity of the file made. */
    static Bound bind(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        checkLength(target);
        replaceableOrFail(target);
        // A short name: the path of the socket inside must fit sun_path too.
        Path dir = target.resolveSibling(".s" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path inside = dir.resolve("s");
        ServerSocketChannel channel = null;
        try {
            checkLength(inside);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(inside));
            Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rw-------"));
            Files.move(inside, target, StandardCopyOption.ATOMIC_MOVE);
            return new Bound(channel, target, key(target));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            throw e;
        } finally {
            Files.deleteIfExists(inside);
            Files.deleteIfExists(dir);
        }
    }

    /** Removes the file, if it is still the one this hero-proc made. */
    static void remove(Bound bound) throws IOException {
        if (Objects.equals(key(bound.path()), bound.key())) {
            Files.deleteIfExists(bound.path());
        }
    }

    record Bound(ServerSocketChannel channel, Path path, Object key) {
    }

    private static Object key(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkLength(Path path) throws IOException {
        int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("the socket path " + path + " is " + bytes + " bytes long; Unix sockets allow "
                    + MAX_PATH_BYTES + ": set a shorter hero-proc.api.socket (HERO_PROC_SOCKET)");
        }
    }

    /** Nothing there, or a socket nobody listens on any more: what a hero-proc killed with -9 leaves. */
    private static void replaceableOrFail(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!attrs.isOther()) {
            throw new IOException(path + " exists and is not a socket; it is left alone");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("a server already listens on " + path
                    + " (another hero-proc with the same data directory?); it is left alone");
        } catch (ConnectException stale) {
            // nobody listens: replaced by the rename
        }
    }
}
