package io.heroproc.process;

/**
 * Receives a job's output line by line, on the reader thread of that stream (one platform thread
 * per stream; calls for one stream are sequential and in order). A slow listener slows the job
 * down (the pipe fills up) but never loses output; exceptions are logged and reading goes on.
 */
public interface OutputListener {

    /**
     * One line without its {@code '\n'}; bytes as written (not necessarily valid UTF-8). A line
     * longer than 64 KiB arrives in 64 KiB pieces: every piece but the last
     * has {@code partial = true}. A last line without {@code '\n'} arrives at EOF, not partial.
     */
    void onLine(StdStream stream, byte[] line, boolean partial);

    /** The stream reached EOF (every writer closed it); no more lines will follow. */
    default void onEnd(StdStream stream) {
    }

    OutputListener DISCARD = (stream, line, partial) -> {
    };
}
