package io.heroproc.process;

/** What a pipe reader feeds the bytes it reads into: lines for an {@link OutputListener}, or blocks. */
interface OutputSplitter {

    void accept(byte[] bytes, int offset, int count);

    /** End of stream: a last line without {@code '\n'} is still a whole line. */
    void finish();

    /** The splitter a listener wants: blocks of lines when it takes them, else a line at a time. */
    static OutputSplitter of(StdStream stream, OutputListener listener, long pid) {
        return listener instanceof BlockOutputListener blocks
                ? new BlockSplitter(stream, PipeReader.guarded(pid, blocks))
                : new LineSplitter(stream, PipeReader.guarded(pid, listener));
    }
}
