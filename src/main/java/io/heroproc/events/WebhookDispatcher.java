package io.heroproc.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Posts events to the webhooks manifests declare, in id order, each one until it is taken (a 2xx
 * answer), on a thread of its own: a slow or dead endpoint never holds up supervision. A failed
 * post is retried with backoff (1 s, doubling, up to 5 minutes) and recorded as a
 * {@code webhook.failed} event itself. How far each webhook got is stored, so a restart of
 * hero-proc resumes where it stopped.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IDLE_WAIT = Duration.ofMinutes(5);

    @Inject
    EventStore events;

    @Inject
    EventSignal signal;

    @Inject
    EventFeed feed;

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** Per webhook: consecutive failures, and when the next try may be. */
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private volatile boolean stopping;
    private Thread thread;

    private record Retry(int failures, Instant next) {
    }

    void start(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("hero-proc-webhooks").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        while (!stopping) {
            try {
                long seen = signal.seen();
                boolean sent = deliverAll();
                if (!sent) {
                    signal.await(seen, Math.ceilDiv(untilNextRetry(Instant.now()).toNanos(), 1_000_000L));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("webhook delivery: %s", e.toString());
            }
        }
    }

    /**
     * How long to wait for an event when there is nothing to send: until the earliest retry is
     * due, else until the next event (bounded, as a safety net). A webhook added by a manifest
     * gets what happens after it, and each of those events wakes the dispatcher: there is nothing
     * to look for in between, so an idle hero-proc does not read the table every second.
     */
    Duration untilNextRetry(Instant now) {
        Duration wait = IDLE_WAIT;
        for (Retry retry : retries.values()) {
            // One already due was tried by the pass just made (or its webhook has nothing left to send).
            Duration left = Duration.between(now, retry.next());
            if (left.isPositive() && left.compareTo(wait) < 0) {
                wait = left;
            }
        }
        return wait;
    }

    /** A webhook as delivery needs it. */
    private record Hook(String name, String url, List<String> types, long delivered) {
    }

    /** One pass over every webhook; true when something was posted (so there may be more). */
    boolean deliverAll() throws InterruptedException {
        boolean any = false;
        List<Hook> hooks = hooks();
        retries.keySet().retainAll(hooks.stream().map(Hook::name).toList());
        for (Hook hook : hooks) {
            Retry retry = retries.get(hook.name());
            if (retry != null && Instant.now().isBefore(retry.next())) {
                continue;
            }
            any |= deliver(hook);
        }
        return any;
    }

    /** How many times the webhooks table was read (tests: an idle hero-proc does not poll it). */
    long reads() {
        return reads.get();
    }

    /** Read with plain JDBC: a read outside a transaction waits for no writer (SQLite's lock). */
    private List<Hook> hooks() {
        reads.incrementAndGet();
        List<Hook> hooks = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT name, url, types, delivered FROM webhooks");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hooks.add(new Hook(rs.getString(1), rs.getString(2), json.readValue(rs.getString(3),
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { }), rs.getLong(4)));
            }
        } catch (SQLException | JsonProcessingException e) {
            LOG.warnf("cannot read webhooks: %s", e.toString());
        }
        return hooks;
    }

    private boolean deliver(Hook hook) throws InterruptedException {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        hook.types().forEach(t -> EventType.parse(t).ifPresent(types::add));
        EventStore.Filter filter = new EventStore.Filter(null, types.isEmpty() ? null : types, null, null);
        List<Event> next = feed.after(filter, hook.delivered(), 50);
        boolean any = false;
        for (Event e : next) {
            if (e.type() == EventType.WEBHOOK_FAILED) {
                advance(hook.name(), e.id());
                continue;
            }
            String failure = post(hook.url(), e);
            if (failure != null) {
                failed(hook, e, failure);
                return any;
            }
            retries.remove(hook.name());
            advance(hook.name(), e.id());
            any = true;
        }
        return any;
    }

    /** Null when the endpoint took it, else why not. */
    private String post(String url, Event e) throws InterruptedException {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "hero-proc-webhook")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(EventView.of(e)))).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (JsonProcessingException ex) {
            return "cannot write the event: " + ex.getMessage();
        } catch (java.io.IOException | IllegalArgumentException ex) {
            return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
    }

    private void failed(Hook hook, Event e, String failure) {
        Retry before = retries.get(hook.name());
        int failures = before == null ? 1 : before.failures() + 1;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(20, failures - 1));
        wait = wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait;
        retries.put(hook.name(), new Retry(failures, Instant.now().plus(wait)));
        String message = "webhook " + hook.name() + " could not take event " + e.id() + " (" + e.type().wire() + "): "
                + failure + "; attempt " + failures + ", next in " + wait.toSeconds() + " s";
        LOG.warn(message);
        events.recordNow(Event.of(EventType.WEBHOOK_FAILED, null, null, null, null, Origin.SUPERVISOR, message,
                Map.of("webhook", hook.name(), "event", e.id(), "attempt", failures, "error", failure)));
    }

    private void advance(String name, long delivered) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE webhooks SET delivered = ? WHERE name = ?")) {
            ps.setLong(1, delivered);
            ps.setString(2, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("cannot record webhook %s's progress: %s", name, e.toString());
        }
    }
}
