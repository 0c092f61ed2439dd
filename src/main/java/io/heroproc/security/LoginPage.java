package io.heroproc.security;

import io.heroproc.config.HeroProcConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/** The dashboard's sign-in: the token, once, for an HttpOnly session cookie. */
@Path("/ui/login")
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

    @GET
    public TemplateInstance page() {
        return Templates.login(null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String token, @RestForm(CsrfToken.FIELD) String csrfToken) {
        csrf.verify(csrfToken);
        if (config.token().isEmpty()) {
            return Response.seeOther(URI.create("/ui/services")).build();
        }
        if (!Sessions.same(token, config.token().get())) {
            return Response.status(401).type(MediaType.TEXT_HTML).entity(Templates.login("That token is not right."))
                    .build();
        }
        NewCookie session = new NewCookie.Builder(Sessions.COOKIE).value(Sessions.sessionValue(config.token().get()))
                .path("/").httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/ui/services")).cookie(session).build();
    }
}
