package io.heroproc.api;

import io.heroproc.registry.QuickServiceSpec;
import io.heroproc.registry.Registry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/quick-services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuickServiceResource {

    @Inject
    Registry registry;

    /** Creates action {@code NAME_action} and service {@code NAME} in one transaction. */
    @POST
    public Response create(QuickServiceSpec spec) {
        if (spec == null) {
            return Problem.badRequest("body", "a JSON object is required");
        }
        return Response.status(201).entity(ServiceView.of(registry.quickService(spec))).build();
    }
}
