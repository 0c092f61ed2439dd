package io.heroproc.web;

import io.heroproc.model.Job;
import io.heroproc.registry.UnknownNameException;
import io.heroproc.usage.UsageQuery;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/** One job: how it ended, its live log, and a small CPU/RSS chart. */
@Path("/ui/jobs")
@Produces(MediaType.TEXT_HTML)
public class JobPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance job(Job job, UsageChart chart);
    }

    @Inject
    UsageQuery usage;

    @GET
    @Path("{id}")
    public TemplateInstance page(@RestPath long id) {
        Job job = Job.<Job>findByIdOptional(id).orElseThrow(() -> UnknownNameException.id("job", id));
        List<UsageQuery.Point> points = usage.history(id, 120);
        return Templates.job(job, UsageChart.of(points));
    }
}
