package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which way the CLI reaches hero-proc: --socket, else HERO_PROC_URL, else a socket that is there, else TCP. */
class ApiSocketPathTest {

    @TempDir
    Path dir;

    private ServerSocketChannel listen(Path p) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(p));
        return ch;
    }

    @Test
    void theDataDirectorysSocketIsUsedUnlessAUrlIsGiven() throws IOException {
        Path socket = dir.resolve("hero-proc.sock");
        try (ServerSocketChannel ignored = listen(socket)) {
            Map<String, String> env = Map.of("HERO_PROC_DATA_DIR", dir.toString());
            assertEquals(socket, ApiSocketPath.choose(env, null));
            assertNull(ApiSocketPath.choose(Map.of("HERO_PROC_DATA_DIR", dir.toString(), "HERO_PROC_URL",
                    "http://127.0.0.1:1"), null), "an explicit URL wins over a socket found");
            assertEquals(socket, ApiSocketPath.choose(Map.of("HERO_PROC_URL", "http://127.0.0.1:1"),
                    socket.toString()), "--socket wins over the URL");
            assertEquals(socket, ApiSocketPath.choose(Map.of("HERO_PROC_SOCKET", socket.toString()), null));
        }
    }

    @Test
    void noSocketOrAFileThatIsNotOneMeansTcp() throws IOException {
        assertNull(ApiSocketPath.choose(Map.of("HERO_PROC_DATA_DIR", dir.toString()), null));
        Path file = Files.writeString(dir.resolve("hero-proc.sock"), "not a socket");
        assertNull(ApiSocketPath.choose(Map.of("HERO_PROC_DATA_DIR", dir.toString()), null));
        assertNull(ApiSocketPath.choose(Map.of("HERO_PROC_SOCKET", file.toString()), null));
    }

    @Test
    void aMissingSocketOptionIsAnError() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = HeroProcMain.runClient(new String[] {"--socket", dir.resolve("none.sock").toString(), "service",
                "list"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(3, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("hero-proc: no hero-proc socket at "), err.toString());

        var err2 = new ByteArrayOutputStream();
        int usage = HeroProcMain.runClient(new String[] {"service", "list", "--socket"}, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err2, true, StandardCharsets.UTF_8));
        assertEquals(2, usage);
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("--socket needs a PATH"), err2.toString());
    }
}
