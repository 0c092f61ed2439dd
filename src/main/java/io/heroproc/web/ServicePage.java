package io.heroproc.web;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.events.Event;
import io.heroproc.events.EventStore;
import io.heroproc.model.Action;
import io.heroproc.model.Run;
import io.heroproc.model.Service;
import io.heroproc.registry.UnknownNameException;
import io.heroproc.status.ServiceStatus;
import io.heroproc.status.ServiceStatusQuery;
import io.heroproc.usage.UsageQuery;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;

/**
 * One service: its status and controls, its usage, the live tail of its log, its latest runs and
 * its definition with the dependency graph of its actions. Status, runs and usage are fragments
 * the page polls, each as often as it changes.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class ServicePage {

    static final int RUNS = 5;
    static final int EVENTS = 15;

    /** The service as stored, with its actions in its own order (a missing one is left out). */
    public record Definition(Service service, List<Action> actions, DependencyGraph graph) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance service(ServiceStatus status, List<RunRow> runs, UsageCharts usage,
                Definition definition, List<Event> events, long refreshMillis);

        static native TemplateInstance service$live(ServiceStatus status);

        static native TemplateInstance service$runs(List<RunRow> runs);

        static native TemplateInstance service$usage(ServiceStatus status, UsageCharts usage);

        static native TemplateInstance service$events(List<Event> events);
    }

    @Inject
    ServiceStatusQuery statuses;

    @Inject
    RunJobs runJobs;

    @Inject
    UsageQuery usageQuery;

    @Inject
    HeroProcConfig config;

    @Inject
    EventStore events;

    static String href(String name) {
        return "/ui/services/" + name;
    }

    @GET
    @Path("services/{name}")
    public TemplateInstance page(@RestPath String name) {
        ServiceStatus status = status(name);
        Service service = Service.<Service>byName(name).orElseThrow(() -> new UnknownNameException("service", name));
        Map<String, Action> actions = Action.<Action>list("name in ?1", service.actions).stream()
                .collect(Collectors.toMap(a -> a.name, Function.identity()));
        List<Action> ordered = service.actions.stream().map(actions::get).filter(a -> a != null).toList();
        DependencyGraph graph = DependencyGraph.of(ordered.stream().map(a -> new DependencyGraph.Item(a.name,
                a.dependsOn, a.kind.wire() + " · " + a.interpreter, "node-action", null)).toList());
        return Templates.service(status, runs(name), usage(status), new Definition(service, ordered, graph),
                events(name), config.usage().interval().toMillis());
    }

    /** Status and controls, polled every second. */
    @GET
    @Path("live/services/{name}")
    public TemplateInstance live(@RestPath String name) {
        return Templates.service$live(status(name));
    }

    /** The latest runs with their jobs, polled every other second. */
    @GET
    @Path("live/services/{name}/runs")
    public TemplateInstance liveRuns(@RestPath String name) {
        status(name);
        return Templates.service$runs(runs(name));
    }

    /** What happened to it lately and who did it, polled every other second. */
    @GET
    @Path("live/services/{name}/events")
    public TemplateInstance liveEvents(@RestPath String name) {
        status(name);
        return Templates.service$events(events(name));
    }

    /** The charts, polled once per usage interval while the run goes on. */
    @GET
    @Path("live/services/{name}/usage")
    public TemplateInstance usage(@RestPath String name) {
        ServiceStatus status = status(name);
        return Templates.service$usage(status, usage(status));
    }

    private ServiceStatus status(String name) {
        return statuses.of(name).orElseThrow(() -> new UnknownNameException("service", name));
    }

    private List<RunRow> runs(String name) {
        return runJobs.rows(Run.<Run>find("service = ?1 order by id desc", name).page(0, RUNS).list());
    }

    private List<Event> events(String name) {
        return events.newestFirst(new EventStore.Filter(name, Set.of(), null, null), 0, null, EVENTS);
    }

    /** Usage of the latest run, all its actions added up. */
    private UsageCharts usage(ServiceStatus status) {
        if (status.runId() == null) {
            return UsageCharts.of(List.of(), null, null, config.usage().interval());
        }
        Run run = Run.findById(status.runId());
        return UsageCharts.of(usageQuery.runHistory(run.id, UsageCharts.POINTS), run.startedAt, run.endedAt,
                config.usage().interval());
    }
}
