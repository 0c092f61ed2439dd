package io.heroproc.security;

import io.heroproc.config.HeroProcConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Refuses to serve off loopback without a token: a supervisor's API can run any command. */
@ApplicationScoped
public class LoopbackGuard {

    private static final Logger LOG = Logger.getLogger(LoopbackGuard.class);

    void check(@Observes @Priority(1) StartupEvent event, HeroProcConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        if (!isLoopback(host) && config.token().isEmpty()) {
            String message = "hero-proc refuses to listen on " + host + " without a token: anyone who reaches the "
                    + "API could run commands. Set HERO_PROC_TOKEN, or listen on 127.0.0.1 (HERO_PROC_HOST).";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
}
