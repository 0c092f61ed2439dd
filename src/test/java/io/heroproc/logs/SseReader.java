package io.heroproc.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A minimal Server-Sent Events client for tests: connects with {@code java.net.http}, parses
 * {@code id:}, {@code event:} and {@code data:} fields, and disconnects once the caller has
 * enough events, the server ends the stream, or the timeout passes (then it fails).
 */
public final class SseReader {

    /** One event; {@code name} is null for the default ("message") event. */
    public record Event(String id, String name, String data) {
    }

    /** What one connection delivered, and whether the server closed it (rather than us). */
    public record Result(List<Event> events, boolean closedByServer) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private SseReader() {
    }

    /**
     * Reads events from {@code uri} until {@code enough} holds for the events so far or the server
     * closes the stream; fails if neither happens within {@code timeout}.
     */
    public static Result read(URI uri, Map<String, String> headers, Predicate<List<Event>> enough, Duration timeout) {
        List<Event> events = new ArrayList<>();
        AtomicReference<InputStream> body = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        boolean[] closedByServer = new boolean[1];
        Thread reader = Thread.ofPlatform().daemon().name("sse-test-reader").start(() -> {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
                headers.forEach(request::header);
                HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                body.set(response.body());
                if (response.statusCode() != 200) {
                    throw new AssertionError("SSE " + uri + " answered " + response.statusCode() + ": "
                            + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.startsWith("text/event-stream")) {
                    throw new AssertionError("SSE " + uri + " answered Content-Type " + type);
                }
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String id = null;
                    String name = null;
                    StringBuilder data = null;
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (data != null || name != null) {
                                synchronized (events) {
                                    events.add(new Event(id, name, data == null ? "" : data.toString()));
                                    if (enough.test(List.copyOf(events))) {
                                        return;
                                    }
                                }
                            }
                            name = null;
                            data = null;
                            continue;
                        }
                        if (line.startsWith(":")) {
                            continue;
                        }
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + 1);
                        if (value.startsWith(" ")) {
                            value = value.substring(1);
                        }
                        switch (field) {
                            case "id" -> id = value;
                            case "event" -> name = value;
                            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                            default -> {
                            }
                        }
                    }
                    closedByServer[0] = true;
                }
            } catch (Throwable t) {
                error.set(t);
            }
        });
        try {
            reader.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            reader.interrupt();
            close(body.get());
            synchronized (events) {
                throw new AssertionError("SSE " + uri + ": not enough events within " + timeout.toMillis() + " ms; got "
                        + events.size() + ": " + tail(events));
            }
        }
        close(body.get());
        if (error.get() != null) {
            throw new AssertionError("SSE " + uri + " failed after " + events.size() + " events", error.get());
        }
        synchronized (events) {
            return new Result(List.copyOf(events), closedByServer[0]);
        }
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private static List<Event> tail(List<Event> events) {
        return events.subList(Math.max(0, events.size() - 5), events.size());
    }
}
