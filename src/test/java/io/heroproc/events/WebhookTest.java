package io.heroproc.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.heroproc.supervisor.Await;
import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Webhooks declared in a manifest get the events they ask for, retried until taken; each failure is an event. */
@QuarkusTest
class WebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    EventSignal signal;

    @Test
    void anIdleDispatcherWaitsForEventsInsteadOfReadingItsTableEverySecond() throws Exception {
        long reads = dispatcher.reads();
        long commits = signal.seen();
        // Not a wait for a condition but the window being measured: with nothing happening, the
        // dispatcher used to read the webhooks table once a second (3 reads here).
        Thread.sleep(3_000);
        long events = signal.seen() - commits;
        long extra = dispatcher.reads() - reads;
        assertTrue(extra <= events + 1, extra + " reads of the webhooks table in 3 s with " + events
                + " event commit(s)");
    }

    @Test
    void withNothingToRetryTheDispatcherWaitsForTheNextEvent() {
        assertTrue(dispatcher.untilNextRetry(java.time.Instant.now()).toSeconds() >= 60,
                "wait with no retry pending: " + dispatcher.untilNextRetry(java.time.Instant.now()));
    }

    @Test
    void aWebhookGetsItsEventsInOrderAfterFailuresThatAreEventsThemselves() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int call = calls.incrementAndGet();
            if (call > 2) {
                received.add(JSON.readTree(body));
            }
            exchange.sendResponseHeaders(call <= 2 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String hook = Names.unique("hook");
            String svc = Names.unique("hooked");
            given().contentType("application/yaml").body("""
                    webhooks:
                      %s: {url: "http://127.0.0.1:%d/hook", events: [service.created, job.started]}
                    """.formatted(hook, receiver.getAddress().getPort()).getBytes(StandardCharsets.UTF_8)).when()
                    .post("/api/v1/manifests").then().statusCode(200);
            given().contentType(ContentType.JSON).body(Map.of("name", svc, "command", "sleep 1000")).when()
                    .post("/api/v1/quick-services").then().statusCode(201);

            Await.until(Duration.ofSeconds(30), () -> received.size() >= 2, "both events delivered after the failures");
            assertEquals(List.of("service.created", "job.started"), received.stream().map(e -> e.path("type").asText())
                    .toList(), "only the types it asked for, in order");
            assertEquals(svc, received.get(0).path("service").asText());
            List<Map<String, Object>> failures = given().queryParam("type", "webhook.failed").when()
                    .get("/api/v1/events").then().extract().jsonPath().getList("data");
            assertTrue(failures.stream().filter(d -> hook.equals(d.get("webhook"))).count() >= 2,
                    "each failed post is an event: " + failures);
            assertTrue(failures.stream().anyMatch(d -> hook.equals(d.get("webhook")) && "HTTP 503".equals(d.get("error"))));
            given().contentType(ContentType.JSON).when().post("/api/v1/services/{n}/stop", svc).then().statusCode(200);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aWebhookWithABadUrlOrTypeIsRefusedNamingIt() {
        given().contentType("application/yaml").body("""
                webhooks:
                  bad: {url: "ftp://example.com/x", events: [job.exploded]}
                """.getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/manifests").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("webhooks.bad.url", "webhooks.bad.events[0]"));
    }
}
