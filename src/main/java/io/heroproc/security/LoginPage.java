package io.heroproc.security;

import io.heroproc.config.HeroProcConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestForm;

/** The dashboard's sign-in: the token, once, for a session of its own (an HttpOnly cookie); and sign-out. */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error);
    }

    @Inject
    HeroProcConfig config;

    @Inject
    CsrfToken csrf;

    @Inject
    SessionStore sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    CurrentVertxRequest current;

    @GET
    @Path("login")
    public TemplateInstance page() {
        return Templates.login(null);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String token, @RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        if (config.token().isEmpty()) {
            return Response.seeOther(URI.create("/ui/services")).build();
        }
        RoutingContext rc = current.getCurrent();
        String client = RequestGuard.client(rc.request());
        Duration wait = throttle.wait(client);
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds());
            return page(429, "Too many wrong tokens from this address: try again in " + seconds + " s.")
                    .header(HttpHeaders.RETRY_AFTER, seconds).build();
        }
        if (!Secrets.same(token, config.token().get())) {
            throttle.failed(client);
            return page(401, "That token is not right.").build();
        }
        throttle.succeeded(client);
        sessions.revoke(BrowserCookies.read(rc.request(), BrowserCookies.SESSION));
        SessionStore.Session session = sessions.create();
        rc.response().addCookie(BrowserCookies.make(rc.request(), BrowserCookies.SESSION, session.id(),
                config.api().sessionTtl()));
        return Response.seeOther(URI.create("/ui/services")).build();
    }

    /** Ends this browser's session on the server (the cookie alone would not be enough) and clears the cookie. */
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        RoutingContext rc = current.getCurrent();
        sessions.revoke(BrowserCookies.read(rc.request(), BrowserCookies.SESSION));
        rc.response().addCookie(BrowserCookies.make(rc.request(), BrowserCookies.SESSION, "", Duration.ZERO));
        return Response.seeOther(URI.create("/ui/login")).build();
    }

    private static Response.ResponseBuilder page(int status, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.login(error));
    }
}
