package io.heroproc.process;

/**
 * An {@link OutputListener} that takes a job's output in blocks of lines as they were read from
 * the pipe, instead of one call and one array per line, and that can pause the reading of its
 * pipes while it cannot take more. The log of a job is one: at pipe speed, a call per line would
 * cost more than the reading itself.
 */
public interface BlockOutputListener extends OutputListener {

    /**
     * {@code length} bytes of {@code bytes} from {@code offset}: one or more lines separated by
     * {@code '\n'}, the last one without its {@code '\n'} (so an empty block is one empty line).
     * Bytes are as written, not necessarily valid UTF-8. The array belongs to the reader and is
     * reused once the call returns.
     *
     * <p>A line that was still incomplete when its reader's carry buffer of {@link #CARRY_BYTES}
     * filled up arrives in pieces of that size: every piece but the last comes alone in a block with
     * {@code continues = true}. A line that came whole in one read arrives whole, whatever its length.
     * A last line without {@code '\n'} arrives at EOF, as a whole line.
     */
    void onLines(StdStream stream, byte[] bytes, int offset, int length, boolean continues);

    /**
     * Whether the listener can take more output now. When it cannot, the reader stops reading its
     * pipes (the job then blocks on a full pipe: back-pressure, nothing is lost) until
     * {@code resume} is run, which the listener does once, from any thread, when it can take more.
     * A listener that answers false must call {@code resume} eventually.
     */
    boolean accepting(Runnable resume);

    /** The carry buffer of the readers: the size of the pieces of a long line that spans reads. */
    int CARRY_BYTES = 64 * 1024;
}
