package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @Test
    void thirtyThousandLinesOnBothStreamsArriveInOrder() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess p = backend.spawn(TestSupport.sh("seq 1 30000 & seq 1 30000 >&2; wait", output));
        assertEquals(0, p.exit().get(30, TimeUnit.SECONDS).exitCode());
        output.awaitEnd();
        List<String> expected = IntStream.rangeClosed(1, 30000).mapToObj(Integer::toString).toList();
        assertEquals(expected, output.out());
        assertEquals(expected, output.err());
    }

    @Test
    void fortyJobsAtOnceAreAllReadByOneThreadAndKeepTheirOwnOrder() throws Exception {
        List<TestSupport.Capture> outputs = new ArrayList<>();
        List<RunningProcess> jobs = new ArrayList<>();
        long pollersBefore = threadsNamed("output-poller");
        for (int i = 0; i < 40; i++) {
            TestSupport.Capture output = new TestSupport.Capture();
            outputs.add(output);
            jobs.add(backend.spawn(TestSupport.sh("seq 1 2000; exec sleep 1000", output)));
        }
        for (TestSupport.Capture output : outputs) {
            TestSupport.await("2000 lines", () -> output.out().size() == 2000);
        }
        // While the 40 jobs run, their 80 pipes are read by this backend's one poller thread.
        assertEquals(0, threadsNamed("-reader-"));
        assertTrue(threadsNamed("output-poller") <= pollersBefore + 1, "at most one new poller thread");
        List<String> expected = IntStream.rangeClosed(1, 2000).mapToObj(Integer::toString).toList();
        for (int i = 0; i < jobs.size(); i++) {
            backend.signal(jobs.get(i).id(), Signals.SIGKILL);
            assertEquals(expected, outputs.get(i).awaitEnd().out(), "output of job " + i);
        }
    }

    private static long threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains(part)).count();
    }

    /** Checks each stream on the fly: 8-byte lines "0000001".."6250000", 50 MB per stream. */
    static final class SequenceChecker implements OutputListener {
        final Map<StdStream, long[]> next = new EnumMap<>(Map.of(StdStream.STDOUT, new long[] {1},
                StdStream.STDERR, new long[] {1}));
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(2);

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            long[] expected = next.get(stream);
            long value = Long.parseLong(new String(line, StandardCharsets.US_ASCII));
            if (partial || line.length != 7 || value != expected[0]) {
                errors.add(stream + ": expected " + expected[0] + " got " + new String(line, StandardCharsets.US_ASCII));
            }
            expected[0] = value + 1;
        }

        @Override
        public void onEnd(StdStream stream) {
            ended.countDown();
        }
    }

    @Test
    void fiftyMegabytesOnBothStreamsArriveComplete() throws Exception {
        SequenceChecker checker = new SequenceChecker();
        RunningProcess p = backend.spawn(TestSupport.sh("seq -w 1 6250000 & seq -w 1 6250000 >&2; wait", checker));
        assertEquals(0, p.exit().get(60, TimeUnit.SECONDS).exitCode());
        assertTrue(checker.ended.await(60, TimeUnit.SECONDS));
        assertEquals(List.of(), checker.errors.subList(0, Math.min(5, checker.errors.size())));
        assertEquals(6_250_001, checker.next.get(StdStream.STDOUT)[0]);
        assertEquals(6_250_001, checker.next.get(StdStream.STDERR)[0]);
    }

    record Piece(byte[] bytes, boolean partial) {
    }

    static final class RawCapture implements OutputListener {
        final List<Piece> pieces = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(2);

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            if (stream == StdStream.STDOUT) {
                pieces.add(new Piece(line, partial));
            }
        }

        @Override
        public void onEnd(StdStream stream) {
            ended.countDown();
        }
    }

    @Test
    void invalidUtf8IsDeliveredAsBytes() throws Exception {
        RawCapture capture = new RawCapture();
        backend.spawn(TestSupport.sh("printf '\\377\\376ok\\n\\n\\200'", capture)).exit().get(20, TimeUnit.SECONDS);
        assertTrue(capture.ended.await(20, TimeUnit.SECONDS));
        assertEquals(3, capture.pieces.size());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 'o', 'k'}, capture.pieces.get(0).bytes());
        assertArrayEquals(new byte[0], capture.pieces.get(1).bytes());
        assertArrayEquals(new byte[] {(byte) 0x80}, capture.pieces.get(2).bytes());
        assertFalse(capture.pieces.get(2).partial(), "a last line without newline is whole");
    }

    @Test
    void aOneMegabyteLineArrivesInBoundedPieces() throws Exception {
        RawCapture capture = new RawCapture();
        RunningProcess p = backend.spawn(TestSupport.sh("head -c 1048576 /dev/zero | tr '\\0' a; echo; echo next", capture));
        assertEquals(0, p.exit().get(20, TimeUnit.SECONDS).exitCode());
        assertTrue(capture.ended.await(20, TimeUnit.SECONDS));
        List<Piece> pieces = capture.pieces;
        assertEquals(17, pieces.size());
        for (int i = 0; i < 16; i++) {
            assertEquals(LineSplitter.MAX_LINE, pieces.get(i).bytes().length);
            assertEquals(i < 15, pieces.get(i).partial(), "piece " + i);
        }
        assertEquals("next", new String(pieces.get(16).bytes(), StandardCharsets.US_ASCII));
    }

    /**
     * Output taken in blocks, glued back into the stream it was (pieces of a long line joined);
     * it takes output only while {@link #open}, and remembers the resume it owes otherwise.
     */
    static final class BlockCapture implements BlockOutputListener {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CountDownLatch ended = new CountDownLatch(2);
        final AtomicInteger refusals = new AtomicInteger();
        private boolean open = true;
        private Runnable owed;

        @Override
        public synchronized void onLines(StdStream stream, byte[] bytes, int offset, int length, boolean continues) {
            if (stream == StdStream.STDOUT) {
                out.write(bytes, offset, length);
                if (!continues) {
                    out.write('\n');
                }
            }
        }

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            throw new AssertionError("a block listener gets blocks");
        }

        @Override
        public synchronized boolean accepting(Runnable resume) {
            if (!open) {
                refusals.incrementAndGet();
                owed = resume;
            }
            return open;
        }

        void open(boolean open) {
            Runnable resume;
            synchronized (this) {
                this.open = open;
                resume = open ? owed : null;
                owed = null;
            }
            if (resume != null) {
                resume.run();
            }
        }

        synchronized String text() {
            return out.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void onEnd(StdStream stream) {
            ended.countDown();
        }
    }

    @Test
    void aListenerThatCannotTakeMorePausesItsJobOnlyAndLosesNothing() throws Exception {
        BlockCapture slow = new BlockCapture();
        slow.open(false);
        // 4 MB: more than a grown pipe holds, so the job must wait for its reader.
        RunningProcess paused = backend.spawn(TestSupport.sh("seq -w 1 500000", slow));
        TestSupport.Capture other = new TestSupport.Capture();
        RunningProcess free = backend.spawn(TestSupport.sh("seq 1 20000", other));

        assertEquals(0, free.exit().get(30, TimeUnit.SECONDS).exitCode(), "the other job ran to its end");
        other.awaitEnd();
        assertEquals(20000, other.out().size(), "and was read completely meanwhile");
        TestSupport.await("the paused reader refused", () -> slow.refusals.get() > 0);
        assertFalse(paused.exit().isDone(), "the job whose listener refuses waits on its full pipe");
        assertEquals("", slow.text(), "nothing was read for it");

        slow.open(true);
        assertEquals(0, paused.exit().get(30, TimeUnit.SECONDS).exitCode());
        assertTrue(slow.ended.await(30, TimeUnit.SECONDS));
        String expected = IntStream.rangeClosed(1, 500000).mapToObj(i -> String.format("%06d%n", i))
                .collect(Collectors.joining());
        assertEquals(expected.length(), slow.text().length(), "every byte once resumed");
        assertEquals(expected, slow.text(), "in order");
    }

    @Test
    void blocksKeepEveryLineAndJoinALongLineFromItsPieces() throws Exception {
        BlockCapture capture = new BlockCapture();
        RunningProcess p = backend.spawn(TestSupport.sh(
                "printf 'a\\n\\n'; head -c 300000 /dev/zero | tr '\\0' x; printf '\\nb\\nlast'", capture));
        assertEquals(0, p.exit().get(20, TimeUnit.SECONDS).exitCode());
        assertTrue(capture.ended.await(20, TimeUnit.SECONDS));
        assertEquals("a\n\n" + "x".repeat(300000) + "\nb\nlast\n", capture.text());
    }
}
