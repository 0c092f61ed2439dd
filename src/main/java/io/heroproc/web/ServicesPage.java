package io.heroproc.web;

import io.heroproc.registry.ConflictException;
import io.heroproc.registry.FieldError;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.QuickServiceSpec;
import io.heroproc.registry.Registry;
import io.heroproc.security.CsrfToken;
import io.heroproc.status.ServiceStatus;
import io.heroproc.status.ServiceStatusQuery;
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

/**
 * The Services tab: actual state first, wanted beside it, and the controls that fit the actual
 * state. Every dashboard resource sits at /ui (RESTEasy merges classes of one path), so the
 * fragments pages poll live under /ui/live, where no service name can shadow them.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class ServicesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance services(List<ServiceStatus> services, QuickForm form);

        static native TemplateInstance services$rows(List<ServiceStatus> services);
    }

    /** What was typed into the quick-service form, what was wrong with it per field, or a page-wide error. */
    public record QuickForm(String name, String command, String interpreter, String kind, Map<String, String> errors,
            String message) {
        static QuickForm empty() {
            return new QuickForm("", "", "exec", "process", Map.of(), null);
        }

        static QuickForm error(String message) {
            return new QuickForm("", "", "exec", "process", Map.of(), message);
        }
    }

    @Inject
    ServiceStatusQuery statuses;

    @Inject
    Registry registry;

    @Inject
    CsrfToken csrf;

    @GET
    @Path("services")
    public TemplateInstance page() {
        return Templates.services(statuses.all(), QuickForm.empty());
    }

    /** The table body alone, polled by the page every second (one status query per poll). */
    @GET
    @Path("live/services")
    public TemplateInstance rows() {
        return Templates.services$rows(statuses.all());
    }

    @POST
    @Path("services/quick")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response quick(@RestForm String name, @RestForm String command, @RestForm String interpreter,
            @RestForm String kind, @RestForm(CsrfToken.FIELD) String token) {
        csrf.verify(token);
        try {
            registry.quickService(new QuickServiceSpec(blankToNull(name), blankToNull(command),
                    blankToNull(interpreter), blankToNull(kind), null, null, true));
            return Response.seeOther(URI.create("/ui/services")).build();
        } catch (InvalidSpecException e) {
            Map<String, String> errors = e.errors().stream()
                    .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + "; " + b));
            return form(new QuickForm(name, command, interpreter, kind, errors, null), 400);
        } catch (ConflictException e) {
            return form(new QuickForm(name, command, interpreter, kind, Map.of(e.field(), e.getMessage()), null), 409);
        }
    }

    /** The Services tab with the form as typed (and what was wrong), or with a page-wide error. */
    Response form(QuickForm form, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.services(statuses.all(), form))
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
