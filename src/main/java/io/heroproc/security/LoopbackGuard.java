package io.heroproc.security;

import io.heroproc.config.HeroProcConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start on settings that would leave the API open: off loopback without a token (a
 * supervisor's API can run any command), or with a token too weak to be one.
 */
@ApplicationScoped
public class LoopbackGuard {

    private static final Logger LOG = Logger.getLogger(LoopbackGuard.class);
    static final int MIN_TOKEN_LENGTH = 16;

    void check(@Observes @Priority(1) StartupEvent event, HeroProcConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        Optional<String> problem = tokenProblem(config.token());
        if (problem.isEmpty() && !isLoopback(host) && config.token().isEmpty()) {
            problem = Optional.of("hero-proc refuses to listen on " + host + " without a token: anyone who reaches "
                    + "the API could run commands. Set HERO_PROC_TOKEN, or listen on 127.0.0.1 (HERO_PROC_HOST).");
        }
        if (problem.isPresent()) {
            LOG.error(problem.get());
            throw new IllegalStateException(problem.get());
        }
    }

    /** What is wrong with a configured token, if anything. */
    static Optional<String> tokenProblem(Optional<String> token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String t = token.get();
        if (t.isBlank() || !t.equals(t.strip()) || t.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            return Optional.of("HERO_PROC_TOKEN may not be blank nor contain spaces or control characters");
        }
        if (t.length() < MIN_TOKEN_LENGTH) {
            return Optional.of("HERO_PROC_TOKEN is too short to be guessed by nobody: use at least "
                    + MIN_TOKEN_LENGTH + " characters, e.g. the output of 'openssl rand -hex 16'");
        }
        return Optional.empty();
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
}
