package io.heroproc.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The training run of the client's JDK AOT cache ({@code scripts/hero-proc} runs it once per build
 * with {@code -XX:AOTCacheOutput}): the usual commands against a stand-in server on loopback, so
 * the cache holds the classes (HTTP client, Jackson, tables) and profiles of a real call without
 * needing a running hero-proc. The stand-in is a bare socket loop rather than the JDK's
 * HttpServer: every class it loads ends up in the cache and is mapped by each later call.
 */
public final class CliTraining {

    private static final String STATUS = """
            {"name":"web","state":"running","wanted":"start","reason":"running since 12:00:00",
             "since":"2026-01-01T12:00:00Z","pids":[4242],"restarts":1,"health":"healthy",
             "next_restart_at":null,"cpu_percent":0.5,"rss_bytes":1048576,"run_id":7}""";
    private static final String SERVICE = """
            {"name":"web","actions":["web_action"],"requires":[],"wanted":"start",
             "restart":{"policy":"always","backoff":{"initial":"1s","factor":2.0,"max":"1m","jitter":0.1}},
             "essential":false}""";
    private static final String ACTION = """
            {"name":"web_action","interpreter":"exec","script":"sleep 100","kind":"process","env":{"A":"1"},
             "depends_on":[],"generated_by":"web"}""";
    private static final String RUN = """
            {"id":7,"service":"web","status":"running","started_at":"2026-01-01T12:00:00Z","ended_at":null,
             "jobs":[{"id":9,"run_id":7,"service":"web","action":"web_action","attempt":1,"phase":"running",
             "pid":4242,"exit_code":null,"signal":null,"started_at":"2026-01-01T12:00:00Z","ended_at":null}]}""";
    private static final String PROBLEM = """
            {"type":"about:blank","title":"Not Found","status":404,"detail":"no service named 'nope'"}""";

    private static final Map<String, String> ANSWERS = Map.of(
            "/api/v1/services/status", "[" + STATUS + "," + STATUS.replace("\"web\"", "\"db\"") + "]",
            "/api/v1/services/web/status", STATUS,
            "/api/v1/services/web", SERVICE,
            "/api/v1/quick-services", SERVICE,
            "/api/v1/actions", "[" + ACTION + "]",
            "/api/v1/runs", "[" + RUN + "]",
            "/api/v1/runs/7", RUN);

    private CliTraining() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> serve(server));
            Map<String, String> env = Map.of("HERO_PROC_URL", "http://127.0.0.1:" + server.getLocalPort());
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            for (List<String> command : List.of(List.of("service", "list"), List.of("service", "status", "web"),
                    List.of("--json", "service", "list"), List.of("service", "get", "web"),
                    List.of("quick", "web", "--", "sleep", "100"), List.of("action", "list"),
                    List.of("run", "list"), List.of("run", "get", "7"), List.of("service", "status", "nope"),
                    List.of("help"))) {
                HeroProcMain.runClient(command.toArray(String[]::new), env, sink, sink);
            }
        }
    }

    private static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                answer(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // The training ends by closing the socket under accept().
            }
        }
    }

    /** One request per connection: reads the head and the body, answers and closes. */
    private static void answer(InputStream in, OutputStream out) throws IOException {
        String head = readHead(in);
        String path = head.split(" ", 3)[1].split("\\?", 2)[0];
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        String body = ANSWERS.get(path);
        int status = body == null ? 404 : 200;
        byte[] bytes = (body == null ? PROBLEM : body).getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/" + (body == null ? "problem+" : "")
                + "json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
                break;
            }
        }
        return sb.toString();
    }
}
