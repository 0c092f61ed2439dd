package io.heroproc.api;

import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.model.Run;
import io.heroproc.model.Service;
import io.heroproc.registry.InvalidSpecException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.Sse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import io.heroproc.registry.Registry;
import io.heroproc.registry.ServiceSpec;
import io.heroproc.registry.UnknownNameException;
import io.heroproc.status.ServiceStatus;
import io.heroproc.status.ServiceStatusQuery;
import io.heroproc.supervisor.Supervisor;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {

    /** Body of {@code PUT /services/{name}/scale}. */
    public record ScaleBody(String action, Integer replicas) {
    }

    /** Body of {@code PUT /services/{name}/wanted}. */
    public record WantedBody(String wanted) {
    }

    @Inject
    Registry registry;

    @Inject
    ServiceStatusQuery statuses;

    @Inject
    Supervisor supervisor;

    @Inject
    LogQuery logs;

    @Inject
    LogFollower follower;

    @GET
    public List<ServiceView> list() {
        return Service.allByName().stream().map(ServiceView::of).toList();
    }

    /** The status of every service, from one query. */
    @GET
    @Path("status")
    public List<ServiceStatus> statusAll() {
        return statuses.all();
    }

    @GET
    @Path("{name}")
    public ServiceView get(@RestPath String name) {
        return Service.byName(name).map(ServiceView::of).orElseThrow(() -> new UnknownNameException("service", name));
    }

    @GET
    @Path("{name}/status")
    public ServiceStatus status(@RestPath String name) {
        return statuses.of(name).orElseThrow(() -> new UnknownNameException("service", name));
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@RestPath String name, ServiceSpec spec) {
        if (spec == null) {
            return Problem.badRequest("body", "a JSON object is required");
        }
        var put = registry.putService(name, spec);
        return Response.status(put.created() ? 201 : 200).entity(ServiceView.of(put.stored())).build();
    }

    @PUT
    @Path("{name}/wanted")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response wanted(@RestPath String name, WantedBody body) {
        if (body == null) {
            return Problem.badRequest("body", "a JSON object {\"wanted\": ...} is required");
        }
        return Response.ok(ServiceView.of(registry.setWanted(name, body.wanted()))).build();
    }

    /**
     * Output of every job of the service's latest run (or of {@code run}), in the order it was
     * written, or its last {@code tail} lines.
     */
    @GET
    @Path("{name}/logs")
    public List<LogEntry> logs(@RestPath String name, @RestQuery String run, @RestQuery String after,
            @RestQuery String limit, @RestQuery String stream, @RestQuery String tail) {
        long runId = runOf(name, run);
        Integer last = LogParams.tail(tail, after);
        String streamName = LogParams.stream(stream);
        if (runId == 0 || (last != null && last == 0)) {
            return List.of();
        }
        if (last != null) {
            return logs.runTail(runId, last, streamName);
        }
        return logs.run(runId, LogParams.cursor(after, null), LogParams.limit(limit, 1000), streamName);
    }

    @GET
    @Path("{name}/logs")
    // qs: a client that accepts anything (curl's */*) gets JSON; only an explicit Accept gets the stream.
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    @Blocking
    public Multi<OutboundSseEvent> follow(@RestPath String name, @RestQuery String run, @RestQuery String after,
            @RestQuery String stream, @RestQuery String tail, @RestHeader("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        long runId = runOf(name, run);
        String streamName = LogParams.stream(stream);
        Integer last = LogParams.tail(tail, after);
        long cursor = LogParams.cursor(after, lastEventId);
        if (last != null && runId != 0 && (lastEventId == null || lastEventId.isBlank())) {
            List<LogEntry> lines = last == 0 ? List.of() : logs.runTail(runId, last, streamName);
            cursor = lines.isEmpty() ? logs.lastId(runId) : lines.getFirst().id() - 1;
        }
        return follower.followRun(runId, cursor, streamName, sse);
    }

    /** The chosen run (it must belong to the service) or the latest one; 0 when it never ran. */
    private long runOf(String name, String run) {
        get(name);
        if (run == null) {
            return logs.latestRun(name).orElse(0);
        }
        long id = LogParams.cursor(run, null);
        return Run.<Run>findByIdOptional(id).filter(r -> r.service.equals(name)).map(r -> r.id)
                .orElseThrow(() -> new InvalidSpecException("run", "service '" + name + "' has no run " + id));
    }

    /** Sets how many replicas of one of its process actions run, live; the others are not restarted. */
    @PUT
    @Path("{name}/scale")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response scale(@RestPath String name, ScaleBody body) {
        if (body == null) {
            return Problem.badRequest("body", "a JSON object {\"action\": ..., \"replicas\": N} is required");
        }
        supervisor.scale(name, body.action(), body.replicas());
        return Response.ok(status(name)).build();
    }

    @POST
    @Path("{name}/start")
    public ServiceStatus start(@RestPath String name) {
        supervisor.start(name);
        return status(name);
    }

    @POST
    @Path("{name}/stop")
    public ServiceStatus stop(@RestPath String name) {
        supervisor.stop(name);
        return status(name);
    }

    @POST
    @Path("{name}/restart")
    public ServiceStatus restart(@RestPath String name) {
        supervisor.restart(name);
        return status(name);
    }

    /** SIGKILL to every job's process group now; the service stays stopped. */
    @POST
    @Path("{name}/kill")
    public ServiceStatus kill(@RestPath String name) {
        supervisor.kill(name);
        return status(name);
    }

    /** Body of {@code POST /services/{name}/signal}: a signal's name ({@code HUP}, {@code SIGHUP}) or number. */
    public record SignalBody(com.fasterxml.jackson.databind.JsonNode signal) {
    }

    /** A signal to every process of every running job of the service; answers the status. */
    @POST
    @Path("{name}/signal")
    @Consumes(MediaType.APPLICATION_JSON)
    public ServiceStatus signal(@RestPath String name, SignalBody body) {
        int number = SignalNames.number(body == null ? null : body.signal());
        supervisor.signal(name, number);
        return status(name);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@RestPath String name) {
        registry.deleteService(name);
        return Response.noContent().build();
    }
}
