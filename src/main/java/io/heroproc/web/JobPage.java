package io.heroproc.web;

import io.heroproc.config.HeroProcConfig;
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
import org.jboss.resteasy.reactive.RestPath;

/** One job: how it ended, its live log, and its CPU and memory over time (all live while it runs). */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class JobPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance job(Job job, long attempts, UsageCharts usage, long refreshMillis);

        static native TemplateInstance job$head(Job job, long attempts);

        static native TemplateInstance job$usage(Job job, UsageCharts usage);
    }

    @Inject
    UsageQuery usageQuery;

    @Inject
    HeroProcConfig config;

    @GET
    @Path("jobs/{id}")
    public TemplateInstance page(@RestPath long id) {
        Job job = job(id);
        return Templates.job(job, attempts(job), usage(job), config.usage().interval().toMillis());
    }

    /** How it ended and its facts, polled every second until it has ended. */
    @GET
    @Path("live/jobs/{id}")
    public TemplateInstance liveHead(@RestPath long id) {
        Job job = job(id);
        return Templates.job$head(job, attempts(job));
    }

    /** The charts alone, polled once per usage interval until the job has ended. */
    @GET
    @Path("live/jobs/{id}/usage")
    public TemplateInstance liveUsage(@RestPath long id) {
        Job job = job(id);
        return Templates.job$usage(job, usage(job));
    }

    private static Job job(long id) {
        return Job.<Job>findByIdOptional(id).orElseThrow(() -> UnknownNameException.id("job", id));
    }

    /** Attempts of the same action in the same run, this one and any later. */
    private static long attempts(Job job) {
        return Job.count("runId = ?1 and action = ?2", job.runId, job.action);
    }

    private UsageCharts usage(Job job) {
        return UsageCharts.of(usageQuery.history(job.id, UsageCharts.POINTS), job.startedAt, job.endedAt,
                config.usage().interval());
    }
}
