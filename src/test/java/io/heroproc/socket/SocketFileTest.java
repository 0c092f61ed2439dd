package io.heroproc.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket file: 0600 from the start, stale ones replaced, anything else left alone. */
class SocketFileTest {

    @TempDir
    Path dir;

    private static boolean connects(Path p) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theSocketIsPrivateAndNoTemporaryDirectoryIsLeft() throws IOException {
        Path path = dir.resolve("hero-proc.sock");
        SocketFile.Bound bound = SocketFile.bind(path);
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertTrue(connects(path));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "only the socket is left in the directory");
            }
        } finally {
            bound.channel().close();
            SocketFile.remove(bound);
        }
        assertFalse(Files.exists(path), "removed at the end");
    }

    @Test
    void aStaleSocketIsReplaced() throws IOException {
        Path path = dir.resolve("hero-proc.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close(); // as after kill -9: the file stays, nobody listens
        assertTrue(Files.exists(path));
        assertFalse(connects(path));

        SocketFile.Bound bound = SocketFile.bind(path);
        try {
            assertTrue(connects(path), "the new socket listens under the old name");
        } finally {
            bound.channel().close();
            SocketFile.remove(bound);
        }
    }

    @Test
    void aLiveSocketOrAnotherFileIsLeftAlone() throws IOException {
        Path live = dir.resolve("live.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(live));
            IOException e = assertThrows(IOException.class, () -> SocketFile.bind(live));
            assertTrue(e.getMessage().contains("already listens"), e.getMessage());
            assertTrue(connects(live), "the other server keeps its socket");
        }

        Path file = Files.writeString(dir.resolve("notes.sock"), "mine");
        IOException e = assertThrows(IOException.class, () -> SocketFile.bind(file));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aPathTooLongForASocketIsRefusedClearly() {
        Path deep = dir.resolve("d".repeat(120)).resolve("hero-proc.sock");
        IOException e = assertThrows(IOException.class, () -> SocketFile.bind(deep));
        assertTrue(e.getMessage().contains("107"), e.getMessage());
    }

    @Test
    void removeLeavesASocketThatIsNoLongerOurs() throws IOException {
        Path path = dir.resolve("hero-proc.sock");
        SocketFile.Bound ours = SocketFile.bind(path);
        ours.channel().close();
        SocketFile.Bound next = SocketFile.bind(path); // a later hero-proc took the name over
        try {
            SocketFile.remove(ours);
            assertTrue(connects(path), "the newer socket is not removed by the older owner");
        } finally {
            next.channel().close();
            SocketFile.remove(next);
        }
    }
}
