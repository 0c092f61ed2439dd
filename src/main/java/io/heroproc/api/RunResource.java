package io.heroproc.api;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.model.Job;
import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import io.heroproc.registry.UnknownNameException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    HeroProcConfig config;

    /** Runs, newest first, filtered by service and status. */
    @GET
    public List<RunView> list(@RestQuery String service, @RestQuery String status, @RestQuery String limit,
            @RestQuery String offset) {
        Page page = new Page(limit, offset, config.api().maxPageSize()).filter("service", service)
                .filter("status", "status", RunStatus.class, status);
        return Run.<Run>find(page.query(), page.params()).range(page.offset, page.last()).list().stream()
                .map(r -> RunView.of(r, null)).toList();
    }

    /** One run with its jobs. */
    @GET
    @Path("{id}")
    public RunView get(@RestPath long id) {
        Run run = Run.<Run>findByIdOptional(id).orElseThrow(() -> UnknownNameException.id("run", id));
        return RunView.of(run, Job.ofRun(id));
    }
}
