package io.heroproc.security;

import io.heroproc.config.HeroProcConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sign-ins, kept server-side: each login gets its own random id, which expires and can
 * be revoked (logout). Held in memory, so a restart of hero-proc (the only way its token can
 * change) signs every browser out. Only a digest of each id is kept.
 */
@ApplicationScoped
public class SessionStore {

    /** A signed-in browser; {@code id} is the cookie value and exists only in the object handed to that request. */
    public record Session(String id, Instant expiresAt) {
    }

    static final int MAX_SESSIONS = 1000;

    @Inject
    Secrets secrets;

    @Inject
    HeroProcConfig config;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    Session create() {
        String id = secrets.random(32);
        Instant expires = Instant.now().plus(config.api().sessionTtl());
        expiries.put(Secrets.digest(id), expires);
        trim();
        return new Session(id, expires);
    }

    /** The live session with this cookie value, if there is one. */
    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return Optional.empty();
        }
        String digest = Secrets.digest(id);
        Instant expires = expiries.get(digest);
        if (expires == null) {
            return Optional.empty();
        }
        if (!Instant.now().isBefore(expires)) {
            expiries.remove(digest);
            return Optional.empty();
        }
        return Optional.of(new Session(id, expires));
    }

    void revoke(String id) {
        if (id != null) {
            expiries.remove(Secrets.digest(id));
        }
    }

    /** Drops expired sessions, then the oldest ones past the cap: sign-ins cannot grow memory without bound. */
    private void trim() {
        if (expiries.size() <= MAX_SESSIONS) {
            return;
        }
        Instant now = Instant.now();
        expiries.values().removeIf(e -> !now.isBefore(e));
        while (expiries.size() > MAX_SESSIONS) {
            expiries.entrySet().stream().min(Comparator.comparing(Map.Entry::getValue))
                    .ifPresent(oldest -> expiries.remove(oldest.getKey()));
        }
    }
}
