package io.heroproc.web;

import io.heroproc.model.Action;
import io.heroproc.model.Dependency;
import io.heroproc.model.Job;
import io.heroproc.model.Run;
import io.heroproc.registry.UnknownNameException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;

/**
 * One run: the graph of its jobs, and each action's attempts collapsed to the latest ("attempt 7
 * of 7, 6 crashes") with the earlier ones on demand. Polled while the run goes on.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class RunPage {

    /** Attempts shown in an action's history; the API has every one still stored. */
    static final int HISTORY = 50;

    /** An action of the run: its latest attempt, counts, and its attempts newest first. */
    public record ActionHistory(ActionAttempts summary, List<Job> attempts) {

        /** Stored attempts the history leaves out. */
        public int hidden() {
            return summary.kept() - attempts.size();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance run(Run run, DependencyGraph graph, List<ActionHistory> actions);

        static native TemplateInstance run$live(Run run, DependencyGraph graph, List<ActionHistory> actions);
    }

    @Inject
    RunJobs runJobs;

    @GET
    @Path("runs/{id}")
    public TemplateInstance page(@RestPath long id) {
        Run run = run(id);
        List<ActionHistory> actions = actions(run);
        return Templates.run(run, graph(actions), actions);
    }

    @GET
    @Path("live/runs/{id}")
    public TemplateInstance live(@RestPath long id) {
        Run run = run(id);
        List<ActionHistory> actions = actions(run);
        return Templates.run$live(run, graph(actions), actions);
    }

    private static Run run(long id) {
        return Run.<Run>findByIdOptional(id).orElseThrow(() -> UnknownNameException.id("run", id));
    }

    /**
     * The actions in start order with their attempts newest first, at most HISTORY of them: counted
     * in SQL and read per action, since a crash loop can leave thousands of jobs in one run and
     * this page is polled every second.
     */
    private List<ActionHistory> actions(Run run) {
        return runJobs.rows(List.of(run)).getFirst().actions().stream().map(a -> new ActionHistory(a,
                a.kept() == 1 ? List.of(a.latest()) : Job.<Job>find("runId = ?1 and action = ?2 order by id desc",
                        run.id, a.latest().action).page(0, HISTORY).list())).toList();
    }

    /** The run's actions as their definitions now link them, each box coloured by its latest attempt. */
    private static DependencyGraph graph(List<ActionHistory> actions) {
        if (actions.isEmpty()) {
            return DependencyGraph.of(List.of());
        }
        Map<String, List<Dependency>> deps = Action.<Action>list("name in ?1", actions.stream()
                .map(a -> a.summary().latest().action).toList()).stream()
                .collect(Collectors.toMap(a -> a.name, a -> a.dependsOn, (a, b) -> a));
        return DependencyGraph.of(actions.stream().map(a -> {
            Job latest = a.summary().latest();
            JobOutcome outcome = JobOutcome.of(latest);
            String detail = a.summary().attempts() > 1 ? outcome.label() + " · attempt " + latest.attempt
                    : outcome.toString();
            return new DependencyGraph.Item(latest.action, deps.getOrDefault(latest.action, List.of()), detail,
                    "phase-" + outcome.label(), "/ui/jobs/" + latest.id);
        }).toList());
    }
}
