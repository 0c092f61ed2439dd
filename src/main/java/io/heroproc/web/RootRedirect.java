package io.heroproc.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The dashboard lives under /ui; the root sends people there. */
@Path("/")
public class RootRedirect {

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui/services")).build();
    }
}
