package io.heroproc.security;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Double-submit CSRF token of the dashboard: a random value in a cookie that every dashboard
 * form repeats in a hidden field ({@code {inject:csrf.value}}); a cross-site form cannot read the
 * cookie, so it cannot repeat it.
 */
@Named("csrf")
@RequestScoped
public class CsrfToken {

    static final String COOKIE = "hero_proc_csrf";
    public static final String FIELD = "_csrf";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22,64}");

    // The current request if there is one: a page rendered outside HTTP (a test) has no browser to protect.
    @Inject
    CurrentVertxRequest current;

    private String value;

    /** The browser's token; a new one (and its cookie) when it has none yet. */
    public String value() {
        if (value == null) {
            HttpServerRequest request = request();
            if (request == null) {
                return "";
            }
            Cookie cookie = request.getCookie(COOKIE);
            if (cookie != null && SHAPE.matcher(cookie.getValue()).matches()) {
                value = cookie.getValue();
            } else {
                byte[] bytes = new byte[24];
                RuntimeRandom.SOURCE.nextBytes(bytes);
                value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                request.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/").setSameSite(CookieSameSite.STRICT));
            }
        }
        return value;
    }

    /** Whether a submitted form carries this browser's token. */
    public boolean matches(String submitted) {
        HttpServerRequest request = request();
        Cookie cookie = request == null ? null : request.getCookie(COOKIE);
        return cookie != null && Sessions.same(cookie.getValue(), submitted);
    }

    private HttpServerRequest request() {
        return current.getCurrent() == null ? null : current.getCurrent().request();
    }

    /**
     * The token source, in a class of its own because the native image must create it at run time
     * ({@code --initialize-at-run-time} in application.properties): Quarkus initializes application
     * classes at build time, and a SecureRandom made then would sit in the binary with build-time
     * state, which GraalVM refuses.
     */
    private static final class RuntimeRandom {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    /** Refuses a state-changing dashboard request whose form does not repeat the token. */
    public void verify(String submitted) {
        if (!matches(submitted)) {
            throw new jakarta.ws.rs.ForbiddenException("the form's CSRF token is missing or wrong: reload the page and "
                    + "try again");
        }
    }
}
