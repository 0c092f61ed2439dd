package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
}
