package io.heroproc.web;

import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import io.heroproc.model.WireEnum;
import io.quarkus.panache.common.Parameters;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;

/** The Runs tab: each run with its actions, attempts collapsed, filterable by service and status. */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class RunsPage {

    private static final int PAGE = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance runs(List<RunRow> runs, String service, String status);
    }

    @Inject
    RunJobs runJobs;

    @GET
    @Path("runs")
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
        String query = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by id desc";
        List<Run> runs = Run.<Run>find(query, params).page(0, PAGE).list();
        return Templates.runs(runJobs.rows(runs), service == null ? "" : service,
                wantedStatus == null ? "" : wantedStatus.wire());
    }
}
