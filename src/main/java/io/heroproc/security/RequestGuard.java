package io.heroproc.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.api.Problem;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.events.Origins;
import io.heroproc.socket.SocketCallers;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The edge of hero-proc's HTTP server: every request passes here first, whatever then serves it
 * (API, dashboard, {@code /q} endpoints, static files). In order:
 * <ol>
 * <li>its size: URI and headers within bounds, else 414 / 431;</li>
 * <li>its {@code Host} must be one hero-proc answers to (DNS rebinding), else 421;</li>
 * <li>a state-changing request must come from hero-proc's own pages (Origin, Sec-Fetch-Site),
 * else 403, and on the API must carry a JSON (or, for manifests, YAML) body type, else 415: no
 * HTML form and no {@code no-cors} fetch can send one, and any other cross-origin request needs a
 * CORS preflight that hero-proc does not grant;</li>
 * <li>with a token configured, the caller shows it (bearer) or a session cookie, which for a
 * state change on the API also needs the CSRF header, else 401 / 403; a request that came through
 * the API socket needs neither ({@link SocketCallers});</li>
 * <li>its body fits the limit, whatever its transfer encoding, else 413 ({@link BodyLimit}).</li>
 * </ol>
 * Every refusal is a problem document, and nothing behind the guard has run.
 */
@ApplicationScoped
public class RequestGuard {

    /** Routing-context key of the caller's {@link SessionStore.Session}, when it came with one. */
    static final String SESSION = "hero-proc.session";
    static final int MAX_URI_CHARS = 8192;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    // Runs before Quarkus' own filters (the higher, the earlier).
    private static final int PRIORITY = 10_000;
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> YAML = Set.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml");

    @Inject
    HeroProcConfig config;

    @Inject
    SessionStore sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    Secrets secrets;

    @Inject
    ObjectMapper json;

    @Inject
    SocketCallers socketCallers;

    private HostRules hosts;
    private List<String> corsOrigins;

    void register(@Observes Filters filters) {
        hosts = new HostRules(config.api().allowedHosts().orElse(List.of()), machineName());
        var cfg = ConfigProvider.getConfig();
        corsOrigins = cfg.getOptionalValue("quarkus.http.cors.enabled", Boolean.class).orElse(false)
                ? cfg.getOptionalValues("quarkus.http.cors.origins", String.class).orElse(List.of()) : List.of();
        filters.register(this::guard, PRIORITY);
    }

    private void guard(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        String path = req.path() == null ? "/" : req.path();
        if (req.uri().length() > MAX_URI_CHARS) {
            refuse(rc, 414, "URI too long", "request URIs may be at most " + MAX_URI_CHARS + " characters");
        } else if (headerBytes(req) > MAX_HEADER_BYTES) {
            refuse(rc, 431, "Headers too large", "request headers may be at most " + MAX_HEADER_BYTES + " bytes");
        } else if (!hosts.allows(req.host())) {
            refuse(rc, 421, "Misdirected request", "hero-proc does not answer to host '" + shorten(req.host())
                    + "': add it to hero-proc.api.allowed-hosts (HERO_PROC_ALLOWED_HOSTS) if it is really this server");
        } else if (!SAFE.contains(req.method()) && !fromOwnPages(req)) {
            refuse(rc, 403, "Forbidden", "cross-origin requests may not change anything (Origin '"
                    + shorten(req.getHeader(HttpHeaders.ORIGIN)) + "', Sec-Fetch-Site '"
                    + shorten(req.getHeader("Sec-Fetch-Site")) + "')");
        } else if (path.startsWith("/api/") && needsBodyType(req.method()) && !jsonOrYaml(req, path)) {
            refuse(rc, 415, "Unsupported media type", "state-changing API calls must be sent with 'Content-Type: "
                    + "application/json'" + (path.startsWith("/api/v1/manifests") ? " (or application/yaml)" : "")
                    + ", even without a body; got '" + shorten(req.getHeader(HttpHeaders.CONTENT_TYPE))
                    + "'. This is what keeps web pages from sending them.");
        } else {
            authenticate(rc, req, path);
        }
    }

    private void authenticate(RoutingContext rc, HttpServerRequest req, String path) {
        if (req.connection() != null && socketCallers.through(req.connection().remoteAddress())) {
            // The socket file is 0600 in a 0700 directory: its caller is hero-proc's own user (or root).
            rc.put(Origins.CALLER, "socket");
            pass(rc);
            return;
        }
        Optional<String> token = config.token();
        if (token.isEmpty() || path.startsWith("/q/health") || path.equals("/ui/login") || path.equals("/ui/app.css")) {
            sessions.find(BrowserCookies.read(req, BrowserCookies.SESSION)).ifPresent(s -> rc.put(SESSION, s));
            rc.put(Origins.CALLER, token.isEmpty() ? "loopback " + client(req) : "anonymous " + client(req));
            pass(rc);
            return;
        }
        String authorization = req.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            bearer(rc, req, authorization, token.get());
            return;
        }
        Optional<SessionStore.Session> session = sessions.find(BrowserCookies.read(req, BrowserCookies.SESSION));
        if (session.isPresent()) {
            rc.put(SESSION, session.get());
            rc.put(Origins.CALLER, "session " + Secrets.digest(session.get().id()).substring(0, 8) + " " + client(req));
            if (path.startsWith("/api/") && !SAFE.contains(req.method())
                    && !Secrets.same(CsrfToken.expected(rc, secrets, false), req.getHeader(CsrfToken.HEADER))) {
                refuse(rc, 403, "Forbidden", "an API call signed in with the dashboard's cookie must send its CSRF "
                        + "token in the " + CsrfToken.HEADER + " header");
                return;
            }
            pass(rc);
        } else if (path.startsWith("/ui") || path.equals("/")) {
            rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/ui/login").end();
        } else {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"hero-proc\"");
            refuse(rc, 401, "Unauthorized", "this hero-proc requires a token: send 'Authorization: Bearer "
                    + "<HERO_PROC_TOKEN>'");
        }
    }

    /** A bearer token is a login like the dashboard's, throttled the same way per client. */
    private void bearer(RoutingContext rc, HttpServerRequest req, String authorization, String token) {
        String client = client(req);
        java.time.Duration wait = throttle.wait(client);
        if (!wait.isZero()) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
            refuse(rc, 429, "Too many requests", "too many wrong tokens from " + client + "; try again in "
                    + Math.max(1, wait.toSeconds()) + " s");
        } else if (authorization.startsWith("Bearer ") && Secrets.same(authorization.substring(7).trim(), token)) {
            rc.put(Origins.CALLER, "token " + client);
            pass(rc);
        } else {
            throttle.failed(client);
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"hero-proc\", error=\"invalid_token\"");
            refuse(rc, 401, "Unauthorized", "the bearer token is wrong: send 'Authorization: Bearer <HERO_PROC_TOKEN>'");
        }
    }

    /** Through every check but the body's size, which is known only once it has arrived. */
    private void pass(RoutingContext rc) {
        BodyLimit.check(rc, config.api().maxBodyBytes(), rc::next, detail -> {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(rc, 413, "Body too large", detail);
        });
    }

    static String client(HttpServerRequest req) {
        return req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    }

    /**
     * A browser names the page a request comes from: {@code Origin} (sent with every cross-origin
     * request and every POST) and {@code Sec-Fetch-Site}. Neither present: not a browser (curl,
     * the CLI), which a web page cannot pose as. Origins configured for CORS count as own pages.
     */
    private boolean fromOwnPages(HttpServerRequest req) {
        String origin = req.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && corsOrigins.contains(origin)) {
            return true;
        }
        if (origin != null && !HostRules.sameOrigin(origin, req.isSSL() ? "https" : "http", req.host())) {
            return false;
        }
        String site = req.getHeader("Sec-Fetch-Site");
        return site == null || site.equals("same-origin") || site.equals("none");
    }

    private static boolean needsBodyType(HttpMethod method) {
        // DELETE is left out: browsers never send it cross-origin without a preflight hero-proc refuses.
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    private static boolean jsonOrYaml(HttpServerRequest req, String path) {
        String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        int semi = type.indexOf(';');
        String media = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json")
                || path.startsWith("/api/v1/manifests") && YAML.contains(media);
    }

    private static int headerBytes(HttpServerRequest req) {
        int n = 0;
        for (var h : req.headers()) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }

    private void refuse(RoutingContext rc, int status, String title, String detail) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Problem.of(status, title, detail, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 77) + "..." : printable;
    }

    /** The kernel's host name: no DNS lookup, which can hang for seconds in a container without DNS. */
    private static String machineName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException e) {
            return System.getenv("HOSTNAME");
        }
    }
}
