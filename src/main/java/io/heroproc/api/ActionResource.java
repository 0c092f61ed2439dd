package io.heroproc.api;

import io.heroproc.model.Action;
import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.Registry;
import io.heroproc.registry.UnknownNameException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    @Inject
    Registry registry;

    @GET
    public List<ActionView> list() {
        return Action.allByName().stream().map(ActionView::of).toList();
    }

    @GET
    @Path("{name}")
    public ActionView get(@RestPath String name) {
        return Action.byName(name).map(ActionView::of).orElseThrow(() -> new UnknownNameException("action", name));
    }

    /** Create or replace: idempotent. 201 when created, 200 when replaced. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@RestPath String name, ActionSpec spec) {
        if (spec == null) {
            return Problem.badRequest("body", "a JSON object is required");
        }
        var put = registry.putAction(name, spec);
        return Response.status(put.created() ? 201 : 200).entity(ActionView.of(put.stored())).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@RestPath String name) {
        registry.deleteAction(name);
        return Response.noContent().build();
    }
}
