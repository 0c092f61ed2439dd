package io.heroproc.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.config.HeroProcConfig.Logs.StdoutFormat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Copies every captured line to hero-proc's own stdout, as a container runtime expects of a PID 1
 * ({@code docker logs}, {@code kubectl logs}): {@code service/action | line} ({@code !} for stderr,
 * {@code #} for hero-proc's markers), or one JSON object per line. On its own thread, from the
 * same chunks the writer stores, jobs taken in turn so that a flooding job does not hold back the
 * lines of the others. A chunk's memory counts against its job's {@link LogBudget} until it is
 * written out here too: a stdout that is read slowly slows the jobs that write a lot (their pipes
 * pause), loses no line, and leaves the capture of the other jobs to their own share.
 */
@ApplicationScoped
public class StdoutForwarder {

    private static final Logger LOG = Logger.getLogger(StdoutForwarder.class);
    private static final long STOP_GRACE_MILLIS = 5_000;

    @Inject
    HeroProcConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LogWriter writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Chunks waiting, per job, in the order jobs got their first waiting chunk (taken in turn). */
    private final LinkedHashMap<Long, ArrayDeque<Chunk>> waiting = new LinkedHashMap<>();
    private final Map<Long, String[]> names = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean enabled;
    private volatile boolean stopping;
    private volatile OutputStream sink = System.out;
    private volatile StdoutFormat format;
    private Thread thread;

    void onStart(@Observes @Priority(40) StartupEvent event) {
        format = config.logs().stdoutFormat();
        enabled = config.logs().stdout().orElse(ProcessHandle.current().pid() == 1);
        if (enabled) {
            thread = Thread.ofPlatform().name("hero-proc-log-stdout").daemon().start(this::run);
        }
    }

    /** Where the lines go instead of stdout, and in which format (tests). */
    void sink(OutputStream sink, StdoutFormat format) {
        this.sink = sink;
        this.format = format;
    }

    boolean enabled() {
        return enabled;
    }

    void name(long jobId, String service, String action) {
        names.put(jobId, new String[] {service, action});
    }

    /** Takes a sealed chunk to copy out; the writer releases it too. */
    void forward(Chunk chunk) {
        if (!enabled) {
            return;
        }
        if (chunk.isEmpty()) {
            if (chunk.last) {
                names.remove(chunk.jobId);
            }
            return;
        }
        chunk.hold();
        lock.lock();
        try {
            waiting.computeIfAbsent(chunk.jobId, job -> new ArrayDeque<>()).add(chunk);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Lines lines = new Lines();
        Chunk chunk;
        while ((chunk = next()) != null) {
            try {
                if (enabled) {
                    lines.write(chunk, name(chunk.jobId));
                }
            } catch (IOException | RuntimeException e) {
                LOG.errorf("cannot write job output to stdout (%s); it is no longer copied there", e.toString());
                enabled = false;
            } finally {
                if (chunk.last) {
                    names.remove(chunk.jobId);
                }
                writer.release(chunk);
            }
        }
    }

    /** The first chunk of the job whose turn it is; null once stopped and done. */
    private Chunk next() {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (stopping) {
                    return null;
                }
                work.await(1, TimeUnit.HOURS);
            }
            var first = waiting.entrySet().iterator().next();
            Chunk chunk = first.getValue().poll();
            waiting.remove(first.getKey());
            if (!first.getValue().isEmpty()) {
                waiting.put(first.getKey(), first.getValue());
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** {service, action} of a job, read from its row the first time (not kept if the row is not there yet). */
    private String[] name(long jobId) {
        String[] known = names.get(jobId);
        if (known != null) {
            return known;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT service, action FROM jobs WHERE id = ?")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String[] found = {rs.getString(1), rs.getString(2)};
                    names.put(jobId, found);
                    return found;
                }
            }
        } catch (SQLException e) {
            LOG.debugf("cannot read the name of job %d: %s", jobId, e);
        }
        return new String[] {"job-" + jobId, "?"};
    }

    /** Formats a chunk's lines into one buffer and writes it out with one call. */
    private final class Lines {
        private final ByteArrayOutputStream json = new ByteArrayOutputStream(4096);
        private final JsonFactory factory = new JsonFactory();
        private byte[] out = new byte[ChunkBuffers.LARGE * 2];
        private int size;

        void write(Chunk chunk, String[] name) throws IOException {
            size = 0;
            byte[] prefix = (name[0] + "/" + name[1] + " ").getBytes(StandardCharsets.UTF_8);
            byte[] text = chunk.text;
            int start = 0;
            for (int s = 0; s < chunk.segments; s++) {
                int kind = chunk.segmentKind[s] & ChunkFormat.STREAM_MASK;
                byte mark = (byte) (kind == ChunkFormat.STDOUT ? '|' : kind == ChunkFormat.STDERR ? '!' : '#');
                while (start < chunk.segmentEnd[s]) {
                    int end = start;
                    while (text[end] != '\n') {
                        end++;
                    }
                    if (format == StdoutFormat.JSON) {
                        json(name, chunk, kind, s, start, end);
                    } else {
                        put(prefix, 0, prefix.length);
                        ensure(2);
                        out[size++] = mark;
                        out[size++] = ' ';
                        put(text, start, end + 1 - start);
                    }
                    start = end + 1;
                }
            }
            OutputStream target = sink;
            target.write(out, 0, size);
            target.flush();
            if (target instanceof PrintStream print && print.checkError()) {
                throw new IOException("stdout is closed or broken");
            }
        }

        private void put(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, out, size, length);
            size += length;
        }

        private void ensure(int more) {
            if (size + more > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, size + more));
            }
        }

        private void json(String[] name, Chunk chunk, int kind, int segment, int start, int end) throws IOException {
            json.reset();
            try (JsonGenerator g = factory.createGenerator(json)) {
                g.writeStartObject();
                g.writeStringField("ts", Instant.ofEpochMilli(chunk.segmentTs[segment]).toString());
                g.writeStringField("service", name[0]);
                g.writeStringField("action", name[1]);
                g.writeNumberField("job_id", chunk.jobId);
                g.writeStringField("stream", ChunkFormat.streamName(kind));
                g.writeStringField("line", new String(chunk.text, start, end - start, StandardCharsets.UTF_8));
                g.writeEndObject();
            }
            byte[] one = json.toByteArray();
            put(one, 0, one.length);
            put(NEWLINE, 0, 1);
        }
    }

    private static final byte[] NEWLINE = {'\n'};

    // After the log writer (priority 1000): what it stored is copied out too, within a grace period.
    void onStop(@Observes @Priority(1001) ShutdownEvent event) {
        stopping = true;
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
