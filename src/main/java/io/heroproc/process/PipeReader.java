package io.heroproc.process;

import java.io.IOException;
import java.util.Locale;

import org.jboss.logging.Logger;

/**
 * Drains one output pipe of a job on its own platform thread until EOF, so the job never blocks
 * forever on a full pipe. Only the fallback backend uses it (JDK streams have no non-blocking
 * read); the FFM backend reads every pipe on one thread ({@link OutputPoller}).
 */
final class PipeReader {

    private static final Logger LOG = Logger.getLogger(PipeReader.class);

    /** Where the bytes come from: a JDK stream of the fallback backend. */
    interface Source extends AutoCloseable {
        /** Reads into {@code buffer}; returns the count, or -1 at EOF. */
        int read(byte[] buffer) throws IOException;

        @Override
        void close() throws IOException;
    }

    private PipeReader() {
    }

    static void start(long pid, StdStream stream, Source source, OutputListener listener) {
        Thread.ofPlatform().name(stream.name().toLowerCase(Locale.ROOT) + "-reader-" + pid).daemon()
                .start(() -> drain(pid, stream, source, listener));
    }

    private static void drain(long pid, StdStream stream, Source source, OutputListener listener) {
        LineSplitter lines = new LineSplitter(stream, guarded(pid, listener));
        byte[] buffer = new byte[LineSplitter.MAX_LINE];
        try (source) {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                lines.accept(buffer, 0, n);
            }
        } catch (IOException e) {
            LOG.warnf(e, "reading %s of pid %d failed; the rest of that stream is lost", stream, pid);
        }
        lines.finish();
        try {
            listener.onEnd(stream);
        } catch (RuntimeException e) {
            LOG.warnf(e, "output listener of pid %d failed at end of %s", pid, stream);
        }
    }

    /** A failing listener must not stop the draining, or the job would block on a full pipe. */
    static OutputListener guarded(long pid, OutputListener listener) {
        return (stream, line, partial) -> {
            try {
                listener.onLine(stream, line, partial);
            } catch (RuntimeException e) {
                LOG.warnf(e, "output listener of pid %d failed on %s; line dropped", pid, stream);
            }
        };
    }
}
