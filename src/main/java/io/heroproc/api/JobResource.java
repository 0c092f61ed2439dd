package io.heroproc.api;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.registry.UnknownNameException;
import io.heroproc.usage.UsageQuery;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.Sse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.jboss.resteasy.reactive.RestHeader;
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

    @Inject
    LogQuery logs;

    @Inject
    LogFollower follower;

    @Inject
    UsageQuery usage;

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

    /** The job's output, paged by seq, or its last {@code tail} lines; filter by stream and time. */
    @GET
    @Path("{id}/logs")
    public List<LogEntry> logs(@RestPath long id, @RestQuery String after, @RestQuery String limit,
            @RestQuery String stream, @RestQuery String since, @RestQuery String until, @RestQuery String tail) {
        get(id);
        LogQuery.Filter filter = LogParams.filter(stream, since, until);
        Integer last = LogParams.tail(tail, after);
        if (last != null) {
            return last == 0 ? List.of() : logs.jobTail(id, last, filter);
        }
        return logs.job(id, LogParams.cursor(after, null), LogParams.limit(limit, 1000), filter);
    }

    /**
     * Follows the job's output as Server-Sent Events, resumable with Last-Event-ID; {@code tail}
     * starts from the last lines instead of the first (a reconnect with Last-Event-ID resumes where it was).
     */
    @GET
    @Path("{id}/logs")
    // qs: a client that accepts anything (curl's */*) gets JSON; only an explicit Accept gets the stream.
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    @Blocking
    public Multi<OutboundSseEvent> follow(@RestPath long id, @RestQuery String after, @RestQuery String stream,
            @RestQuery String tail, @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        get(id);
        LogQuery.Filter filter = LogParams.filter(stream, null, null);
        Integer last = LogParams.tail(tail, after);
        long cursor = LogParams.cursor(after, lastEventId);
        if (last != null && (lastEventId == null || lastEventId.isBlank())) {
            List<LogEntry> lines = last == 0 ? List.of() : logs.jobTail(id, last, filter);
            cursor = lines.isEmpty() ? logs.lastSeq(id) : lines.getFirst().seq() - 1;
        }
        return follower.followJob(id, cursor, filter, sse);
    }

    /** CPU and memory of the job over time, averaged into at most {@code points} buckets. */
    @GET
    @Path("{id}/usage")
    public List<UsageQuery.Point> usage(@RestPath long id, @RestQuery String points) {
        get(id);
        return usage.history(id, LogParams.limit(points, 100));
    }
}
