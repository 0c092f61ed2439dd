package io.heroproc.web;

import io.heroproc.registry.ConflictException;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.Registry;
import io.heroproc.registry.UnknownNameException;
import io.heroproc.security.CsrfToken;
import io.heroproc.supervisor.Supervisor;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The dashboard's service buttons: start, stop, restart, kill and the wanted state. Kill acts only
 * once confirmed: the page's script asks first and then sends {@code confirmed}; without it (no
 * script, or a stray post) the answer is a page that asks.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class ServiceControls {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirmKill(String name, String back);
    }

    @Inject
    Registry registry;

    @Inject
    Supervisor supervisor;

    @Inject
    CsrfToken csrf;

    @Inject
    ServicesPage services;

    @POST
    @Path("services/{name}/{command:start|stop|restart|kill}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response command(@RestPath String name, @RestPath String command, @RestForm String confirmed,
            @RestForm String back, @RestForm(CsrfToken.FIELD) String token) {
        csrf.verify(token);
        if ("kill".equals(command) && !"yes".equals(confirmed)) {
            return Response.ok(Templates.confirmKill(name, "service".equals(back) ? "service" : "")).build();
        }
        try {
            switch (command) {
                case "start" -> supervisor.start(name);
                case "stop" -> supervisor.stop(name);
                case "restart" -> supervisor.restart(name);
                default -> supervisor.kill(name);
            }
            return back(name, back);
        } catch (ConflictException | UnknownNameException e) {
            return services.form(ServicesPage.QuickForm.error(e.getMessage()), 409);
        }
    }

    @POST
    @Path("services/{name}/wanted")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response wanted(@RestPath String name, @RestForm String wanted, @RestForm String back,
            @RestForm(CsrfToken.FIELD) String token) {
        csrf.verify(token);
        try {
            registry.setWanted(name, wanted);
            return back(name, back);
        } catch (InvalidSpecException | UnknownNameException e) {
            return services.form(ServicesPage.QuickForm.error(e.getMessage()), 400);
        }
    }

    /** Back to the page the button was on: the service's own page, or the Services tab. */
    private static Response back(String name, String back) {
        return Response.seeOther(URI.create("service".equals(back) ? ServicePage.href(name) : "/ui/services"))
                .build();
    }
}
