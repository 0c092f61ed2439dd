package io.heroproc.security;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.regex.Pattern;

/**
 * The CSRF token every dashboard form repeats ({@code {inject:csrf.value}}) and that a
 * cookie-authenticated API call sends as {@value #HEADER}. It is a signature, under a key only
 * this process holds, of what binds it to one browser: the session id when signed in, otherwise a
 * random value in a cookie. A page elsewhere can neither read the token nor make one, even if it
 * manages to plant a cookie (another port of the same host can), since it cannot sign.
 */
@Named("csrf")
@RequestScoped
public class CsrfToken {

    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22,64}");

    // The current request if there is one: a page rendered outside HTTP (a test) has no browser to protect.
    @Inject
    CurrentVertxRequest current;

    @Inject
    Secrets secrets;

    private String value;

    /** This browser's token; sets the binding cookie first when the browser has none yet. */
    public String value() {
        if (value == null) {
            RoutingContext rc = current.getCurrent();
            value = rc == null ? "" : expected(rc, secrets, true);
        }
        return value;
    }

    /** Refuses a state-changing dashboard request whose form does not repeat the token. */
    public void verify(String submitted) {
        RoutingContext rc = current.getCurrent();
        if (rc == null || !Secrets.same(expected(rc, secrets, false), submitted)) {
            throw new jakarta.ws.rs.ForbiddenException("the form's CSRF token is missing or wrong: reload the page and "
                    + "try again");
        }
    }

    /** The token this request must carry; null when it has no binding yet and {@code create} is false. */
    static String expected(RoutingContext rc, Secrets secrets, boolean create) {
        SessionStore.Session session = rc.get(RequestGuard.SESSION);
        if (session != null) {
            return secrets.sign("session " + session.id());
        }
        String nonce = BrowserCookies.read(rc.request(), BrowserCookies.CSRF);
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            if (!create) {
                return null;
            }
            nonce = secrets.random(24);
            rc.response().addCookie(BrowserCookies.make(rc.request(), BrowserCookies.CSRF, nonce, null));
        }
        return secrets.sign("nonce " + nonce);
    }
}
