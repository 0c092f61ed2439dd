package io.heroproc.process;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Drains one output pipe of a job on its own platform thread until EOF, so the job never blocks
 * forever on a full pipe. Only the fallback backend uses it (JDK streams have no non-blocking
 * read); the FFM backend reads every pipe on one thread ({@link OutputPoller}). A
 * {@link BlockOutputListener} that cannot take more makes this thread wait before its next read.
 */
final class PipeReader {

    private static final Logger LOG = Logger.getLogger(PipeReader.class);
    private static final int READ_BYTES = 64 * 1024;

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
        OutputSplitter lines = OutputSplitter.of(stream, listener, pid);
        byte[] buffer = new byte[READ_BYTES];
        try (source) {
            int n;
            while (awaitAccepting(listener) && (n = source.read(buffer)) >= 0) {
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

    /** Waits while a block listener cannot take more; false if interrupted. */
    private static boolean awaitAccepting(OutputListener listener) {
        if (!(listener instanceof BlockOutputListener blocks)) {
            return true;
        }
        try {
            while (true) {
                CountDownLatch resumed = new CountDownLatch(1);
                if (blocks.accepting(resumed::countDown)) {
                    return true;
                }
                // The listener promises the resume; the timeout only re-checks, in case it broke that promise.
                resumed.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.warnf(e, "output listener failed to say whether it accepts output; reading on");
            return true;
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

    /** The same for blocks. */
    static BlockOutputListener guarded(long pid, BlockOutputListener listener) {
        return new BlockOutputListener() {
            @Override
            public void onLines(StdStream stream, byte[] bytes, int offset, int length, boolean continues) {
                try {
                    listener.onLines(stream, bytes, offset, length, continues);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "output listener of pid %d failed on %s; lines dropped", pid, stream);
                }
            }

            @Override
            public void onLine(StdStream stream, byte[] line, boolean partial) {
                onLines(stream, line, 0, line.length, partial);
            }

            @Override
            public boolean accepting(Runnable resume) {
                return listener.accepting(resume);
            }
        };
    }
}
