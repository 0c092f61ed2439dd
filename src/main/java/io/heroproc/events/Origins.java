package io.heroproc.events;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Who is behind the change being made now. Inside an HTTP request: the request's source
 * (dashboard pages, the CLI by its User-Agent, else the API), its caller as the request guard
 * identified it, and its User-Agent. Work handed to another thread (the supervisor loop) carries
 * the origin of the request that asked for it ({@link #as}); what the supervisor does on its own
 * is {@link Origin#SUPERVISOR}.
 */
@ApplicationScoped
public class Origins {

    /** Routing-context key under which the request guard leaves who the caller is. */
    public static final String CALLER = "hero-proc.caller";
    private static final String CLI_AGENT = "hero-proc-cli";
    private static final ThreadLocal<Origin> AMBIENT = new ThreadLocal<>();

    @Inject
    CurrentVertxRequest request;

    public Origin current() {
        Origin ambient = AMBIENT.get();
        if (ambient != null) {
            return ambient;
        }
        RoutingContext rc = routingContext();
        if (rc == null) {
            return Origin.SUPERVISOR;
        }
        String agent = rc.request().getHeader("User-Agent");
        String path = rc.request().path() == null ? "" : rc.request().path();
        String source = path.startsWith("/ui") ? "dashboard" : agent != null && agent.startsWith(CLI_AGENT) ? "cli"
                : "api";
        return new Origin(source, rc.get(CALLER), agent);
    }

    private RoutingContext routingContext() {
        // Off a request (the supervisor loop records most events) the lookup would throw: cheaper to ask first.
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        try {
            return request.getCurrent();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    /** Runs {@code work} on this thread as done by {@code origin}. */
    public static <T> T as(Origin origin, Supplier<T> work) {
        Origin before = AMBIENT.get();
        AMBIENT.set(origin);
        try {
            return work.get();
        } finally {
            if (before == null) {
                AMBIENT.remove();
            } else {
                AMBIENT.set(before);
            }
        }
    }
}
