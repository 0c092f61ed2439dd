package io.heroproc.api;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import io.heroproc.registry.UnknownNameException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @Inject
    HeroProcConfig config;

    /** Jobs, newest first, filtered by service and phase. */
    @GET
    public List<JobView> list(@RestQuery String service, @RestQuery String phase, @RestQuery String limit,
            @RestQuery String offset) {
        Page page = new Page(limit, offset, config.api().maxPageSize()).filter("service", service)
                .filter("phase", "phase", JobPhase.class, phase);
        return Job.<Job>find(page.query(), page.params()).range(page.offset, page.last()).list().stream()
                .map(JobView::of).toList();
    }

    @GET
    @Path("{id}")
    public JobView get(@RestPath long id) {
        return Job.<Job>findByIdOptional(id).map(JobView::of).orElseThrow(() -> UnknownNameException.id("job", id));
    }
}
