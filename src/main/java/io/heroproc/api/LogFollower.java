package io.heroproc.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.logs.LogWriter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * Streams log lines as Server-Sent Events: what is stored after the cursor, then new lines as
 * the writer commits them. Each event's id is the cursor, so a client that reconnects with
 * {@code Last-Event-ID} resumes without gaps or duplicates. Ends with an {@code end} event once
 * the job (or run) is over and every line is out.
 *
 * <p>The stream is a {@link Multi} that RESTEasy subscribes to once it has written the response
 * head, and that it completes and closes itself: the follower never touches the response, so it
 * cannot race RESTEasy's own writes. Lines are read only as fast as the client takes them (one
 * event per request of the subscriber), so a slow reader costs no memory.
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
        return Multi.createFrom().emitter(emitter -> {
            Demand demand = new Demand();
            emitter.onRequest(n -> demand.signal());
            Thread follower = Thread.ofVirtual().name("hero-proc-log-follow").start(() -> {
                try {
                    loop(emitter, demand, start, page, cursor, ended, sse);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (JsonProcessingException | RuntimeException e) {
                    if (emitter.isCancelled()) {
                        // The client left: its interrupt cut a read short ("Interrupted while acquiring").
                        return;
                    }
                    LOG.debugf("log follower ended: %s", e.toString());
                    emitter.fail(e);
                }
            });
            emitter.onTermination(follower::interrupt);
        }, BackPressureStrategy.ERROR);
    }

    private void loop(MultiEmitter<? super OutboundSseEvent> emitter, Demand demand, long start,
            LongFunction<List<LogEntry>> page, ToLongFunction<LogEntry> cursor, BooleanSupplier ended, Sse sse)
            throws InterruptedException, JsonProcessingException {
        long after = start;
        while (!emitter.isCancelled()) {
            long seen = writer.written();
            // Checked before the read: once over, the read that follows sees every line there is.
            boolean over = ended.getAsBoolean();
            List<LogEntry> lines = page.apply(after);
            for (LogEntry line : lines) {
                demand.await(emitter);
                if (emitter.isCancelled()) {
                    return;
                }
                after = cursor.applyAsLong(line);
                emitter.emit(sse.newEventBuilder().id(Long.toString(after)).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(json.writeValueAsString(line)).build());
            }
            if (lines.isEmpty()) {
                if (over) {
                    demand.await(emitter);
                    emitter.emit(sse.newEvent("end", ""));
                    emitter.complete();
                    return;
                }
                writer.awaitWritten(seen, 1000);
            }
        }
    }

    /** Waits for the subscriber to ask for the next event. */
    private static final class Demand {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition requested = lock.newCondition();

        void signal() {
            lock.lock();
            try {
                requested.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await(MultiEmitter<?> emitter) throws InterruptedException {
            lock.lock();
            try {
                while (emitter.requested() == 0 && !emitter.isCancelled()) {
                    requested.await(1, TimeUnit.SECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
