package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The REST API as seen from the command line: plain JDK HTTP and Jackson trees, so a client
 * command needs none of the server stack. Every failure becomes a {@link CliException} with the
 * server's own explanation.
 */
public final class ApiClient implements AutoCloseable {

    public static final String DEFAULT_URL = "http://127.0.0.1:9360";
    static final String JSON = "application/json";
    /** How hero-proc tells the CLI's calls apart in its events ({@code source: cli}). */
    static final String USER_AGENT = "hero-proc-cli/" + version();

    // Connecting is local and quick; an answer may take a while (a stop waits out the grace period).
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    /** An answer: {@code json} is null for an empty body (204) or one that is not JSON. */
    public record Answer(int status, JsonNode json, String text) {
    }

    private final String base;
    /** hero-proc's Unix-domain socket, when the API is reached through it rather than {@link #base}. */
    private final Path socket;
    private final String token;
    private final ObjectMapper mapper;
    private HttpClient http;

    public ApiClient(String baseUrl, String token, ObjectMapper mapper) {
        this(baseUrl, null, token, mapper);
    }

    /** A client of the API on {@code socket} if not null (then {@code baseUrl} is only its name in messages). */
    ApiClient(String baseUrl, Path socket, String token, ObjectMapper mapper) {
        this.base = socket == null ? checkedBase(baseUrl) : baseUrl;
        this.socket = socket;
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.mapper = mapper;
    }

    /**
     * Made on first use: a usage error never pays for it. HTTP/1.1 avoids the h2c upgrade dance
     * on a plain-HTTP local server. For an http:// URL the client gets an inert SSL context
     * instead of the default one, whose set-up would take a good part of the CLI's start-up time
     * for a connection that never uses TLS.
     */
    private HttpClient http() {
        if (http == null) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT);
            if (base.startsWith("http:")) {
                b.sslContext(NoTls.context()).sslParameters(NoTls.parameters());
            }
            http = b.build();
        }
        return http;
    }

    /** The client the environment asks for: {@code HERO_PROC_URL} and {@code HERO_PROC_TOKEN}. */
    public static ApiClient fromEnv(Map<String, String> env, ObjectMapper mapper) {
        return fromEnv(env, null, mapper);
    }

    /**
     * The client the command line and environment ask for: the socket of {@code --socket}, else
     * {@code HERO_PROC_URL}, else the socket of {@code HERO_PROC_SOCKET} or of the data directory
     * when it exists (no port, no token needed), else the default URL.
     */
    public static ApiClient fromEnv(Map<String, String> env, String socketOption, ObjectMapper mapper) {
        Path socket = ApiSocketPath.choose(env, socketOption);
        if (socket != null) {
            return new ApiClient("unix:" + socket, socket, env.get("HERO_PROC_TOKEN"), mapper);
        }
        String url = env.get("HERO_PROC_URL");
        return new ApiClient(url == null || url.isBlank() ? DEFAULT_URL : url.trim(), env.get("HERO_PROC_TOKEN"),
                mapper);
    }

    private static String checkedBase(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            URI uri = new URI(trimmed);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            throw CliException.usage("HERO_PROC_URL is not a valid http URL: '" + url + "'");
        }
        return trimmed;
    }

    public String base() {
        return base;
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A POST; one without a body still says it is JSON, as hero-proc requires of every state change. */
    public Answer post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : bytes(body), JSON);
    }

    public Answer put(String path, JsonNode body) {
        return send("PUT", path, bytes(body), JSON);
    }

    /** One request with a raw body (manifests keep their YAML); errors come back as exceptions. */
    public Answer send(String method, String path, byte[] body, String contentType) {
        if (socket != null) {
            return answer(method, path, call(() -> overSocket(method, path, body, contentType)));
        }
        if (base.startsWith("http:")) {
            PlainHttp.Answer r = call(() -> PlainHttp.exchange(URI.create(base + path), method,
                    headers(JSON, contentType), body, CONNECT_TIMEOUT, ANSWER_TIMEOUT));
            return answer(method, path, new Answer(r.status(), null, r.body()));
        }
        return answer(method, path, viaHttpClient(method, path, body, contentType));
    }

    private Answer viaHttpClient(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = request(path, JSON).timeout(ANSWER_TIMEOUT);
        if (body == null) {
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<String> r = call(() -> http().send(b.build(), HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8)));
        return new Answer(r.statusCode(), null, r.body());
    }

    private Answer answer(String method, String path, Answer raw) {
        if (raw.status() >= 400) {
            throw CliException.api(Problems.describe(raw.status(), parse(raw.text()), raw.text(), method, path));
        }
        return new Answer(raw.status(), parse(raw.text()), raw.text());
    }

    private Answer overSocket(String method, String path, byte[] body, String contentType) throws IOException {
        try (SocketHttp.Reply r = SocketHttp.exchange(socket, method, path, headers(JSON, contentType), body,
                ANSWER_TIMEOUT)) {
            return new Answer(r.status(), null, new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Follows a Server-Sent Events stream, handing each event's data (its {@code data:} lines
     * joined) to {@code events} until the server closes the stream or the process is stopped.
     */
    public void follow(String path, Consumer<String> events) {
        if (socket != null) {
            followOverSocket(path, events);
            return;
        }
        HttpRequest req = request(path, "text/event-stream").GET().build();
        HttpResponse<Stream<String>> r = call(() -> http().send(req, HttpResponse.BodyHandlers.ofLines()));
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() >= 400) {
                String text = String.join("\n", lines.toList());
                throw CliException.api(Problems.describe(r.statusCode(), parse(text), text, "GET", path));
            }
            dispatch(lines, events);
        } catch (java.io.UncheckedIOException e) {
            throw CliException.unreachable("lost the connection to hero-proc at " + base + " (" + reason(
                    e.getCause()) + ")");
        }
    }

    private void followOverSocket(String path, Consumer<String> events) {
        SocketHttp.Reply r = call(() -> SocketHttp.exchange(socket, "GET", path, headers("text/event-stream", null),
                null,
                null));
        try (r; var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(),
                StandardCharsets.UTF_8))) {
            if (r.status() >= 400) {
                String text = String.join("\n", reader.lines().toList());
                throw CliException.api(Problems.describe(r.status(), parse(text), text, "GET", path));
            }
            dispatch(reader.lines(), events);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CliException.unreachable("lost the connection to hero-proc at " + base + " (" + reason(
                    e instanceof java.io.UncheckedIOException u ? u.getCause() : e) + ")");
        }
    }

    /** Hands each event's data (its {@code data:} lines joined) to {@code events}. */
    private static void dispatch(Stream<String> lines, Consumer<String> events) {
        List<String> data = new ArrayList<>();
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.accept(String.join("\n", data));
                    data.clear();
                }
            } else if (line.startsWith("data:")) {
                // The SSE format allows one optional space after the colon.
                data.add(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // id:, event:, retry: and ":" comments carry nothing to print.
        });
        if (!data.isEmpty()) {
            events.accept(String.join("\n", data));
        }
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        headers(accept, null).forEach(b::header);
        return b;
    }

    private Map<String, String> headers(String accept, String contentType) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Accept", accept);
        h.put("User-Agent", USER_AGENT);
        // The socket needs no token: it is not sent where it is not needed.
        if (token != null && socket == null) {
            h.put("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        return h;
    }

    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw CliException.unreachable("cannot reach hero-proc at " + base + " (" + reason(e) + ")");
        } catch (UnresolvedAddressException e) {
            throw CliException.unreachable("cannot reach hero-proc at " + base + " (unknown host)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.unreachable("interrupted while talking to hero-proc at " + base);
        }
    }

    /** A short human reason; the JDK's messages for these are often null or internal. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.nio.channels.AsynchronousCloseException) {
                return "no answer in time"; // the socket client's watchdog closes the channel at its timeout
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String version() {
        String v = ApiClient.class.getPackage() == null ? null : ApiClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Percent-encodes one path segment: user input must never change which endpoint is called. */
    public static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** {@code ?a=1&b=2} from the non-null pairs, or "" when there are none. */
    public static String query(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                sb.append(sb.isEmpty() ? '?' : '&').append(pairs[i]).append('=').append(segment(pairs[i + 1]));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (http != null) {
            http.shutdownNow();
        }
    }
}
