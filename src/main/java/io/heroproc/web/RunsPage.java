package io.heroproc.web;

import io.heroproc.model.Job;
import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import io.heroproc.model.WireEnum;
import io.heroproc.registry.UnknownNameException;
import io.quarkus.panache.common.Parameters;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The Runs tab: each run with its jobs (attempts included), filterable by service and status. */
@Path("/ui/runs")
@Produces(MediaType.TEXT_HTML)
public class RunsPage {

    private static final int PAGE = 100;

    /** A run and its jobs in start order, attempts of one action together. */
    public record RunRow(Run run, List<Job> jobs) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance runs(List<RunRow> runs, String service, String status);
    }

    @GET
    public TemplateInstance page(@RestQuery String service, @RestQuery String status) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (service != null && !service.isBlank()) {
            where.add("service = :service");
            params.and("service", service);
        }
        RunStatus wantedStatus = status == null || status.isBlank() ? null
                : WireEnum.parse(RunStatus.class, status).orElse(null);
        if (wantedStatus != null) {
            where.add("status = :status");
            params.and("status", wantedStatus);
        }
        List<Run> runs = Run.<Run>find((where.isEmpty() ? "" : String.join(" and ", where)) + " order by id desc", params)
                .page(0, PAGE).list();
        return Templates.runs(withJobs(runs), service == null ? "" : service,
                wantedStatus == null ? "" : wantedStatus.wire());
    }

    @GET
    @Path("{id}")
    public TemplateInstance run(@RestPath long id) {
        Run run = Run.<Run>findByIdOptional(id).orElseThrow(() -> UnknownNameException.id("run", id));
        return Templates.runs(withJobs(List.of(run)), run.service, "");
    }

    /** Jobs of all listed runs in one query, grouped by run. */
    private static List<RunRow> withJobs(List<Run> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Job>> jobs = Job.<Job>list("runId in ?1 order by id", runs.stream().map(r -> r.id).toList())
                .stream().collect(Collectors.groupingBy(j -> j.runId));
        return runs.stream().map(r -> new RunRow(r, jobs.getOrDefault(r.id, List.of()))).toList();
    }
}
