package io.heroproc.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.logs.LogWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * Streams log lines as Server-Sent Events: what is stored after the cursor, then new lines as
 * the writer commits them. Each event's id is the cursor, so a client that reconnects with
 * {@code Last-Event-ID} resumes without gaps or duplicates. Ends with an {@code end} event once
 * the job (or run) is over and every line is out.
 */
@ApplicationScoped
public class LogFollower {

    private static final Logger LOG = Logger.getLogger(LogFollower.class);
    private static final int PAGE = 500;

    @Inject
    LogWriter writer;

    @Inject
    LogQuery query;

    @Inject
    ObjectMapper json;

    void followJob(long jobId, long afterSeq, LogQuery.Filter filter, SseEventSink sink, Sse sse) {
        follow(afterSeq, after -> query.job(jobId, after, PAGE, filter), LogEntry::seq,
                () -> query.jobEnded(jobId) && !writer.outputOpen(jobId), sink, sse);
    }

    void followRun(long runId, long afterId, String stream, SseEventSink sink, Sse sse) {
        follow(afterId, after -> query.run(runId, after, PAGE, stream), LogEntry::id,
                () -> query.runEnded(runId) && query.jobsOf(runId).stream().noneMatch(writer::outputOpen), sink, sse);
    }

    private void follow(long start, LongFunction<List<LogEntry>> page, ToLongFunction<LogEntry> cursor,
            BooleanSupplier ended, SseEventSink sink, Sse sse) {
        // The response head goes out here, on the request's own thread: were the first event sent
        // from the follower thread instead, it would race RESTEasy writing the same head.
        sink.send(sse.newEventBuilder().comment("following").build());
        Thread.ofVirtual().name("hero-proc-log-follow").start(() -> {
            long after = start;
            try (sink) {
                while (!sink.isClosed()) {
                    long seen = writer.written();
                    boolean over = ended.getAsBoolean() && writer.drained();
                    List<LogEntry> lines = page.apply(after);
                    for (LogEntry line : lines) {
                        after = cursor.applyAsLong(line);
                        sink.send(sse.newEventBuilder().id(Long.toString(after)).mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(json.writeValueAsString(line)).build()).toCompletableFuture().join();
                    }
                    if (lines.isEmpty()) {
                        if (over) {
                            sink.send(sse.newEvent("end", "")).toCompletableFuture().join();
                            return;
                        }
                        writer.awaitWritten(seen, 1000);
                    }
                }
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.debugf("log follower ended: %s", e.toString());
            }
        });
    }
}
