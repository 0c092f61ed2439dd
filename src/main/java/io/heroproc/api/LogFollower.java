package io.heroproc.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.logs.LogWriter;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Streams log lines as Server-Sent Events: what is stored after the cursor, then new lines as
 * the writer commits them. Each event's id is the cursor, so a client that reconnects with
 * {@code Last-Event-ID} resumes without gaps or duplicates. Ends with an {@code end} event once
 * the job (or run) is over and every line is out.
 *
 * <p>The stream is an {@link SseFollow}: RESTEasy subscribes once it has written the response head,
 * lines are read only as fast as the client takes them.
 */
@ApplicationScoped
public class LogFollower {

    private static final int PAGE = 500;

    @Inject
    LogWriter writer;

    @Inject
    LogQuery query;

    @Inject
    ObjectMapper json;

    Multi<OutboundSseEvent> followJob(long jobId, long afterSeq, LogQuery.Filter filter, Sse sse) {
        return follow(afterSeq, after -> query.job(jobId, after, PAGE, filter), LogEntry::seq,
                () -> query.jobEnded(jobId) && !writer.outputOpen(jobId), sse);
    }

    Multi<OutboundSseEvent> followRun(long runId, long afterId, String stream, Sse sse) {
        return follow(afterId, after -> query.run(runId, after, PAGE, stream), LogEntry::id,
                () -> query.runEnded(runId) && query.jobsOf(runId).stream().noneMatch(writer::outputOpen), sse);
    }

    private Multi<OutboundSseEvent> follow(long start, LongFunction<List<LogEntry>> page,
            ToLongFunction<LogEntry> cursor, BooleanSupplier ended, Sse sse) {
        SseFollow.Source<LogEntry> source = new SseFollow.Source<>(page, cursor,
                line -> sse.newEventBuilder().id(Long.toString(cursor.applyAsLong(line)))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(write(line)).build(),
                after -> null,
                // Checked before the read: once over, the read that follows sees every line there is.
                () -> ended.getAsBoolean() ? sse.newEvent("end", "") : null);
        return SseFollow.follow("hero-proc-log-follow", start, source, new SseFollow.Signal() {
            @Override
            public long seen() {
                return writer.written();
            }

            @Override
            public void await(long seen, long millis) {
                writer.awaitWritten(seen, millis);
            }
        });
    }

    private String write(LogEntry line) {
        try {
            return json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
