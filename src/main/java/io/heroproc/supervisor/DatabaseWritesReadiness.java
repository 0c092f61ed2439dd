package io.heroproc.supervisor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the supervisor's state cannot be written (a full disk, say): hero-proc goes on
 * supervising from memory and retries, but what the API and the dashboard show lags behind, and
 * a restart of hero-proc now would lose what is not written.
 */
@Readiness
@ApplicationScoped
public class DatabaseWritesReadiness implements HealthCheck {

    @Inject
    StoreWriter writer;

    @Override
    public HealthCheckResponse call() {
        StoreWriter.Health h = writer.health();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database writes").status(h.writing());
        if (!h.writing()) {
            response.withData("failing_since", h.failingSince().toString()).withData("pending", h.pending())
                    .withData("error", String.valueOf(h.lastError()));
        }
        return response.build();
    }
}
