package io.heroproc.status;

import io.heroproc.model.Wanted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every service wanted running is running (or, for oneshot-only services, completed)
 * and none is unhealthy: what a container orchestrator should route traffic on.
 */
@Readiness
@ApplicationScoped
public class ServicesReadiness implements HealthCheck {

    @Inject
    ServiceStatusQuery statuses;

    @Override
    public HealthCheckResponse call() {
        List<ServiceStatus> wanted = statuses.all().stream().filter(s -> s.wanted() == Wanted.START).toList();
        List<String> notReady = wanted.stream().filter(s -> !ready(s)).map(s -> s.name() + ": " + s.state()).toList();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("wanted services running").status(notReady.isEmpty())
                .withData("wanted", wanted.size());
        if (!notReady.isEmpty()) {
            response.withData("not_ready", String.join(", ", notReady.subList(0, Math.min(20, notReady.size()))));
        }
        return response.build();
    }

    private static boolean ready(ServiceStatus s) {
        boolean up = "running".equals(s.state()) || "success".equals(s.state());
        return up && !"unhealthy".equals(s.health()) && !"starting".equals(s.health());
    }
}
