package io.heroproc.logs;

import io.heroproc.process.OutputListener;
import io.heroproc.process.StdStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log of one job: numbers its lines and hands them to the {@link LogWriter}. Bytes are
 * decoded as UTF-8 with replacement, so invalid sequences become U+FFFD instead of errors.
 */
public final class JobLog implements OutputListener {

    private final long jobId;
    private final LogWriter writer;
    private final AtomicLong seq = new AtomicLong();

    private final java.util.concurrent.atomic.AtomicInteger openStreams = new java.util.concurrent.atomic.AtomicInteger(2);

    JobLog(long jobId, LogWriter writer) {
        this.jobId = jobId;
        this.writer = writer;
        writer.outputOpened(jobId);
    }

    /** The job never started: no output will come. */
    public void abandon() {
        if (openStreams.getAndSet(0) > 0) {
            writer.outputClosed(jobId);
        }
    }

    /**
     * Both pipes at EOF: the job (and anything it left behind holding them) has written its last
     * line. Followers wait for this, not just for the exit, which can come first.
     */
    @Override
    public void onEnd(StdStream stream) {
        if (openStreams.decrementAndGet() == 0) {
            writer.outputClosed(jobId);
        }
    }

    /** A line hero-proc adds itself (restarts, stops), on the {@code system} stream. */
    public void marker(String text) {
        writer.append(new LogLine(jobId, seq.incrementAndGet(), System.currentTimeMillis(), "system", text));
    }

    @Override
    public void onLine(StdStream stream, byte[] line, boolean partial) {
        writer.append(new LogLine(jobId, seq.incrementAndGet(), System.currentTimeMillis(),
                stream == StdStream.STDOUT ? "stdout" : "stderr", new String(line, StandardCharsets.UTF_8)));
    }
}
