package io.heroproc.process;

import java.util.Arrays;

/**
 * Hands what a pipe read returned to a {@link BlockOutputListener} as blocks of whole lines,
 * without looking at every byte: the whole lines of a read are found by its last {@code '\n'}, and
 * only the line still incomplete at the end of a read is copied (into a carry buffer of up to
 * {@link BlockOutputListener#CARRY_BYTES}, handed on in pieces when it fills up). The carry grows
 * as an open line needs it: a full-size one per stream cost 125 MiB of heap at 1,000 quiet jobs.
 */
final class BlockSplitter implements OutputSplitter {

    private final StdStream stream;
    private final BlockOutputListener listener;
    private static final int MAX = BlockOutputListener.CARRY_BYTES;
    private static final int FIRST_CARRY = 256;
    private byte[] carry = new byte[0];
    /** Bytes of the incomplete line in {@link #carry}; above zero exactly while a line is open. */
    private int carried;

    BlockSplitter(StdStream stream, BlockOutputListener listener) {
        this.stream = stream;
        this.listener = listener;
    }

    @Override
    public void accept(byte[] bytes, int offset, int count) {
        int end = offset + count;
        int pos = offset;
        if (carried > 0) {
            int newline = indexOf(bytes, pos, end);
            carry(bytes, pos, (newline < 0 ? end : newline) - pos);
            if (newline < 0) {
                return;
            }
            listener.onLines(stream, carry, 0, carried, false);
            carried = 0;
            pos = newline + 1;
        }
        int last = lastIndexOf(bytes, pos, end);
        if (last >= 0) {
            listener.onLines(stream, bytes, pos, last - pos, false);
            pos = last + 1;
        }
        carry(bytes, pos, end - pos);
    }

    @Override
    public void finish() {
        if (carried > 0) {
            listener.onLines(stream, carry, 0, carried, false);
            carried = 0;
        }
    }

    /** Appends to the open line; a full carry is handed on as a piece once more of the line comes. */
    private void carry(byte[] bytes, int offset, int count) {
        while (count > 0) {
            if (carried == MAX) {
                listener.onLines(stream, carry, 0, carried, true);
                carried = 0;
            }
            int n = Math.min(count, MAX - carried);
            if (carried + n > carry.length) {
                carry = Arrays.copyOf(carry, Math.min(MAX, Math.max(carried + n, Math.max(FIRST_CARRY,
                        carry.length * 2))));
            }
            System.arraycopy(bytes, offset, carry, carried, n);
            carried += n;
            offset += n;
            count -= n;
        }
    }

    /** The carry's current size, for the tests of its growth. */
    int carryCapacity() {
        return carry.length;
    }

    private static int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
