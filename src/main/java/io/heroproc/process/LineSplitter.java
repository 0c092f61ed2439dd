package io.heroproc.process;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines on {@code '\n'} (bytes are never decoded) and hands them to an
 * {@link OutputListener}. Memory is bounded: a line longer than {@link #MAX_LINE} is delivered in
 * pieces of that size, marked partial, as soon as it is known that more of the line follows.
 */
final class LineSplitter implements OutputSplitter {

    static final int MAX_LINE = 64 * 1024;

    private final StdStream stream;
    private final OutputListener listener;
    private final byte[] pending = new byte[MAX_LINE];
    private int length;

    LineSplitter(StdStream stream, OutputListener listener) {
        this.stream = stream;
        this.listener = listener;
    }

    @Override
    public void accept(byte[] bytes, int offset, int count) {
        int start = offset;
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                emit(false);
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    @Override
    public void finish() {
        if (length > 0) {
            emit(false);
        }
    }

    private void append(byte[] bytes, int offset, int count) {
        while (count > 0) {
            if (length == MAX_LINE) {
                emit(true);
            }
            int n = Math.min(count, MAX_LINE - length);
            System.arraycopy(bytes, offset, pending, length, n);
            length += n;
            offset += n;
            count -= n;
        }
    }

    private void emit(boolean partial) {
        listener.onLine(stream, Arrays.copyOf(pending, length), partial);
        length = 0;
    }
}
