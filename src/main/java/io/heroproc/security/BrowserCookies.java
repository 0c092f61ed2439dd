package io.heroproc.security;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * The dashboard's two cookies. Over TLS they carry the {@code __Host-} prefix, which the browser
 * only accepts from this very origin, with {@code Secure} and path {@code /}: a page on another
 * port or a sibling domain cannot plant one. Plain HTTP (loopback) cannot use the prefix, so the
 * plain names are read only there.
 */
final class BrowserCookies {

    static final String SESSION = "hero_proc_session";
    static final String CSRF = "hero_proc_csrf";
    private static final String HOST_PREFIX = "__Host-";

    private BrowserCookies() {
    }

    static String name(String base, HttpServerRequest request) {
        return request.isSSL() ? HOST_PREFIX + base : base;
    }

    /** The value of cookie {@code base} under the name this connection uses, or null. */
    static String read(HttpServerRequest request, String base) {
        Cookie c = request.getCookie(name(base, request));
        return c == null ? null : c.getValue();
    }

    /** An HttpOnly, SameSite=Strict cookie for the whole dashboard; {@code maxAge} null: a browser-session cookie. */
    static Cookie make(HttpServerRequest request, String base, String value, Duration maxAge) {
        Cookie c = Cookie.cookie(name(base, request), value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(request.isSSL());
        if (maxAge != null) {
            c.setMaxAge(maxAge.toSeconds());
        }
        return c;
    }
}
