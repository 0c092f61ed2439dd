package io.heroproc.web;

import io.heroproc.registry.FieldError;
import io.heroproc.security.CsrfToken;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.QuickServiceSpec;
import io.heroproc.registry.Registry;
import io.heroproc.registry.ConflictException;
import io.heroproc.registry.UnknownNameException;
import io.heroproc.status.ServiceStatus;
import io.heroproc.status.ServiceStatusQuery;
import io.heroproc.supervisor.Supervisor;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/** The Services tab: actual state first, wanted beside it, and the controls that fit the actual state. */
@Path("/ui/services")
@Produces(MediaType.TEXT_HTML)
public class ServicesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance services(List<ServiceStatus> services, QuickForm form);

        static native TemplateInstance services$rows(List<ServiceStatus> services);
    }

    /** What was typed into the quick-service form, and what was wrong with it, per field. */
    public record QuickForm(String name, String command, String interpreter, String kind, Map<String, String> errors,
            String message) {
        static QuickForm empty() {
            return new QuickForm("", "", "exec", "process", Map.of(), null);
        }
    }

    @Inject
    ServiceStatusQuery statuses;

    @Inject
    Registry registry;

    @Inject
    Supervisor supervisor;

    @Inject
    CsrfToken csrf;

    @GET
    public TemplateInstance page() {
        return Templates.services(statuses.all(), QuickForm.empty());
    }

    /** The table body alone, polled by the page every second (one status query per poll). */
    @GET
    @Path("rows")
    public TemplateInstance rows() {
        return Templates.services$rows(statuses.all());
    }

    @POST
    @Path("quick")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response quick(@RestForm String name, @RestForm String command, @RestForm String interpreter,
            @RestForm String kind, @RestForm(CsrfToken.FIELD) String token) {
        csrf.verify(token);
        try {
            registry.quickService(new QuickServiceSpec(blankToNull(name), blankToNull(command),
                    blankToNull(interpreter), blankToNull(kind), null, null, true));
            return seeOther();
        } catch (InvalidSpecException e) {
            Map<String, String> errors = e.errors().stream()
                    .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + "; " + b));
            return form(new QuickForm(name, command, interpreter, kind, errors, null), 400);
        } catch (ConflictException e) {
            return form(new QuickForm(name, command, interpreter, kind, Map.of(e.field(), e.getMessage()), null), 409);
        }
    }

    @POST
    @Path("{name}/{command:start|stop|restart|kill}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response command(@RestPath String name, @RestPath String command, @RestForm(CsrfToken.FIELD) String token) {
        csrf.verify(token);
        try {
            switch (command) {
                case "start" -> supervisor.start(name);
                case "stop" -> supervisor.stop(name);
                case "restart" -> supervisor.restart(name);
                default -> supervisor.kill(name);
            }
            return seeOther();
        } catch (ConflictException | UnknownNameException e) {
            return form(new QuickForm("", "", "exec", "process", Map.of(), e.getMessage()), 409);
        }
    }

    @POST
    @Path("{name}/wanted")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response wanted(@RestPath String name, @RestForm String wanted, @RestForm(CsrfToken.FIELD) String token) {
        csrf.verify(token);
        try {
            registry.setWanted(name, wanted);
            return seeOther();
        } catch (InvalidSpecException | UnknownNameException e) {
            return form(new QuickForm("", "", "exec", "process", Map.of(), e.getMessage()), 400);
        }
    }

    private Response form(QuickForm form, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.services(statuses.all(), form))
                .build();
    }

    private static Response seeOther() {
        return Response.seeOther(URI.create("/ui/services")).build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
