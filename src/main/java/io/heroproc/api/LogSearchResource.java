package io.heroproc.api;

import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.registry.InvalidSpecException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogSearchResource {

    @Inject
    LogQuery logs;

    /** Lines containing {@code q} (plain substring, case-sensitive), newest first, each with its job. */
    @GET
    @Path("search")
    public List<LogEntry> search(@RestQuery String q, @RestQuery String service, @RestQuery String limit) {
        if (q == null || q.isEmpty()) {
            throw new InvalidSpecException("q", "is required");
        }
        if (q.length() > 1000) {
            throw new InvalidSpecException("q", "may be at most 1000 characters");
        }
        return logs.search(q, service, LogParams.limit(limit, 100));
    }
}
