package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlainHttpTest {

    private static final Duration T = Duration.ofSeconds(10);

    /** Serves one connection with {@code answer}; completes with the request as received. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                String request = readRequest(s.getInputStream());
                s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                return request;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        String text = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("Content-Length: ")) {
                length = Integer.parseInt(line.substring(16));
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static URI uri(ServerSocket server, String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    @Test
    void sendsOneRequestWithItsHeadersAndBody() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> got = serveOnce(server,
                    "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json");
            headers.put("Content-Type", "application/json");
            PlainHttp.Answer a = PlainHttp.exchange(uri(server, "/api/v1/x?a=1%202"), "PUT", headers,
                    "{\"k\":1}".getBytes(StandardCharsets.UTF_8), T, T);

            assertEquals(new PlainHttp.Answer(201, "{}"), a);
            String request = got.get(10, TimeUnit.SECONDS);
            assertTrue(request.startsWith("PUT /api/v1/x?a=1%202 HTTP/1.1\r\n"), request);
            assertTrue(request.contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), request);
            assertTrue(request.contains("\r\nContent-Type: application/json\r\n"), request);
            assertTrue(request.endsWith("\r\nContent-Length: 7\r\n\r\n{\"k\":1}"), request);
        }
    }

    @Test
    void aBodylessPostSaysItsLengthIsZero() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> got = serveOnce(server, "HTTP/1.1 204 No Content\r\n\r\n");
            PlainHttp.Answer a = PlainHttp.exchange(uri(server, "/stop"), "POST", Map.of(), null, T, T);
            assertEquals(new PlainHttp.Answer(204, ""), a);
            assertTrue(got.get(10, TimeUnit.SECONDS).contains("\r\nContent-Length: 0\r\n"));
        }
    }

    @Test
    void aChunkedAnswerIsReassembled() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n[1,2,\r\n3;ext=1\r\n3]\n\r\n0\r\n\r\n");
            assertEquals(new PlainHttp.Answer(200, "[1,2,3]\n"),
                    PlainHttp.exchange(uri(server, "/"), "GET", Map.of(), null, T, T));
        }
    }

    @Test
    void anAnswerCutShortIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n[1,");
            assertThrows(IOException.class, () -> PlainHttp.exchange(uri(server, "/"), "GET", Map.of(), null, T, T));
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThrows(ConnectException.class, () -> PlainHttp.exchange(URI.create("http://127.0.0.1:" + port + "/"),
                "GET", Map.of(), null, T, T));
    }
}
