package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored form of a chunk: what goes in comes out, line by line, with its stream, time and marks. */
class ChunkCodecTest {

    private final ChunkCodec codec = new ChunkCodec();

    private static Chunk chunk() {
        return new Chunk(7, null, 0, new ChunkBuffers());
    }

    private static void add(Chunk c, int kind, long ts, String block, boolean continues) {
        byte[] b = block.getBytes(StandardCharsets.ISO_8859_1);
        c.append(kind, ts, b, 0, b.length, continues);
    }

    private static ChunkLines roundTrip(EncodedChunk e) {
        return ChunkLines.decode(42, e.jobId(), e.firstSeq(), e.firstSeq(), e.firstTs(), e.codec(), e.rawBytes(),
                e.meta(), e.data());
    }

    private static String text(ChunkLines lines, int i) {
        return new String(lines.text, lines.start(i), lines.length(i), StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesComeBackWithTheirStreamTimeAndSeq() {
        Chunk c = chunk();
        add(c, ChunkFormat.SYSTEM, 1000, "--- restart ---", false);
        add(c, ChunkFormat.STDOUT, 1005, "a\nb\n", false);
        add(c, ChunkFormat.STDERR, 1005, "oops", false);
        add(c, ChunkFormat.STDOUT, 1009, "c", false);
        EncodedChunk e = codec.encode(c, 11);
        assertEquals(6, e.lines());
        assertEquals(16, e.lastSeq());
        assertEquals(1000, e.firstTs());
        assertEquals(1009, e.lastTs());
        assertEquals(7, e.streams(), "stdout, stderr and system present");
        ChunkLines lines = roundTrip(e);
        assertEquals(List.of("--- restart ---", "a", "b", "", "oops", "c"),
                java.util.stream.IntStream.range(0, 6).mapToObj(i -> text(lines, i)).toList());
        assertEquals(List.of("system", "stdout", "stdout", "stdout", "stderr", "stdout"),
                java.util.stream.IntStream.range(0, 6).mapToObj(i -> ChunkFormat.streamName(lines.kind(i))).toList());
        assertEquals(1000, lines.ts(0));
        assertEquals(1005, lines.ts(3));
        assertEquals(1009, lines.ts(5));
        assertEquals(11, lines.seq(0));
        assertEquals(16, lines.seq(5));
        assertEquals(ChunkFormat.lineId(42, 5), lines.id(5));
    }

    @Test
    void aPieceMarkedContinuedStaysMarkedAndLongLinesAreCutIntoMarkedPieces() {
        Chunk c = chunk();
        String piece = "p".repeat(BlockPiece.SIZE);
        add(c, ChunkFormat.STDOUT, 1, piece, true);
        add(c, ChunkFormat.STDOUT, 1, "end of it", false);
        add(c, ChunkFormat.STDOUT, 2, "short\n" + "L".repeat(2 * ChunkFormat.MAX_PIECE + 5) + "\nafter", false);
        EncodedChunk e = codec.encode(c, 1);
        ChunkLines lines = roundTrip(e);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines.lines(); i++) {
            String t = text(lines, i);
            got.add((lines.partial(i) ? "+" : "") + (t.length() > 10 ? t.length() + "" : t));
        }
        assertEquals(List.of("+" + BlockPiece.SIZE, "end of it", "short", "+65536", "+65536", "L".repeat(5), "after"),
                got);
    }

    @Test
    void bytesOfAnyValueSurviveAndAreOfferedExactlyWhenNotUtf8() {
        Chunk c = chunk();
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, ' ', 'o', 'k', '\n', 'n', 'u', 'l', 0, '!', '\n', (byte) 0xc3,
            (byte) 0xa9, 't', (byte) 0xc3, (byte) 0xa9};
        c.append(ChunkFormat.STDOUT, 5, bytes, 0, bytes.length, false);
        ChunkLines lines = roundTrip(codec.encode(c, 1));
        LogEntry invalid = lines.entry(0, "a");
        assertEquals("\uFFFD\uFFFD ok", invalid.line());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, ' ', 'o', 'k'},
                Base64.getDecoder().decode(invalid.lineBase64()));
        LogEntry nul = lines.entry(1, "a");
        assertEquals("nul\u0000!", nul.line(), "NUL is a character like any other");
        assertNull(nul.lineBase64());
        LogEntry utf8 = lines.entry(2, "a");
        assertEquals("été", utf8.line());
        assertNull(utf8.lineBase64(), "valid UTF-8 needs no copy");
    }

    @Test
    void largeChunksAreCompressedAndCarryAFilterThatNeverMissesWhatTheyHold() {
        Random random = new Random(14);
        Chunk c = chunk();
        StringBuilder all = new StringBuilder();
        while (all.length() < 200_000) {
            String line = "req " + random.nextInt(1_000_000) + " took " + random.nextInt(900) + "ms user=u"
                    + Integer.toHexString(random.nextInt());
            all.append(line).append('\n');
        }
        add(c, ChunkFormat.STDOUT, 3, all.substring(0, all.length() - 1), false);
        EncodedChunk e = codec.encode(c, 1);
        assertEquals(ChunkFormat.LZ4, e.codec());
        assertTrue(e.data().length < e.rawBytes() * 3 / 4, "compressed: " + e.data().length + " of " + e.rawBytes());
        assertNotNull(e.bloom());
        String[] lines = all.toString().split("\n");
        for (int i = 0; i < 2000; i++) {
            String line = lines[random.nextInt(lines.length)];
            int from = random.nextInt(line.length() - 4);
            byte[] needle = line.substring(from, from + 4 + random.nextInt(line.length() - from - 3))
                    .getBytes(StandardCharsets.US_ASCII);
            assertTrue(TrigramBloom.mayContain(e.bloom(), needle), "no false negative: " + new String(needle));
        }
        int rejected = 0;
        for (int i = 0; i < 1000; i++) {
            if (!TrigramBloom.mayContain(e.bloom(), ("zq" + i + "Qz#").getBytes(StandardCharsets.US_ASCII))) {
                rejected++;
            }
        }
        assertTrue(rejected > 900, "absent text is ruled out almost always: " + rejected + " of 1000");
        ChunkLines back = roundTrip(e);
        assertEquals(lines.length, back.lines());
        assertEquals(lines[lines.length - 1], text(back, back.lines() - 1));
    }

    @Test
    void chunksStoredDeflatedBeforeLz4AreStillRead() {
        Chunk c = chunk();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            all.append("line ").append(i).append(" of an older hero-proc\n");
        }
        add(c, ChunkFormat.STDOUT, 3, all.substring(0, all.length() - 1), false);
        EncodedChunk e = codec.encode(c, 1);
        byte[] raw = ChunkLines.decode(1, e.jobId(), 1, 1, e.firstTs(), e.codec(), e.rawBytes(), e.meta(), e.data()).text;
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(1, true);
        deflater.setInput(raw, 0, e.rawBytes());
        deflater.finish();
        byte[] out = new byte[e.rawBytes()];
        int n = deflater.deflate(out);
        assertTrue(deflater.finished());
        EncodedChunk old = new EncodedChunk(e.jobId(), e.firstSeq(), e.lines(), e.firstTs(), e.lastTs(), e.streams(),
                e.rawBytes(), ChunkFormat.DEFLATE, e.meta(), e.bloom(), java.util.Arrays.copyOf(out, n));
        ChunkLines back = roundTrip(old);
        assertEquals(3000, back.lines());
        assertEquals("line 2999 of an older hero-proc", text(back, 2999));
    }

    @Test
    void smallChunksAreStoredAsTheyAreWithoutFilter() {
        Chunk c = chunk();
        add(c, ChunkFormat.STDOUT, 1, "tiny", false);
        EncodedChunk e = codec.encode(c, 1);
        assertEquals(ChunkFormat.RAW, e.codec());
        assertNull(e.bloom());
        assertArrayEquals("tiny\n".getBytes(StandardCharsets.US_ASCII), e.data());
        assertFalse(roundTrip(e).partial(0));
    }

    @Test
    void countingEightBytesAtATimeFindsEveryNewlineAndEveryOverlongLine() {
        Random random = new Random(8);
        for (int round = 0; round < 200; round++) {
            byte[] text = new byte[1 + random.nextInt(300)];
            for (int i = 0; i < text.length; i++) {
                int r = random.nextInt(10);
                text[i] = (byte) (r == 0 ? '\n' : r == 1 ? 0x8A : r == 2 ? 0x0B : r == 3 ? 0 : 'a' + r);
            }
            text[text.length - 1] = '\n';
            int expected = 0;
            for (byte b : text) {
                expected += b == '\n' ? 1 : 0;
            }
            int from = random.nextInt(text.length);
            int inRange = 0;
            for (int i = from; i < text.length; i++) {
                inRange += text[i] == '\n' ? 1 : 0;
            }
            assertEquals(expected, ChunkCodec.countLines(text, 0, text.length), "round " + round);
            assertEquals(inRange, ChunkCodec.countLines(text, from, text.length), "round " + round + " from " + from);
        }
        byte[] longLine = new byte[ChunkFormat.MAX_PIECE + 20];
        java.util.Arrays.fill(longLine, (byte) 'x');
        longLine[3] = '\n';
        longLine[longLine.length - 1] = '\n';
        assertEquals(-1, ChunkCodec.countLines(longLine, 0, longLine.length), "a line over 64 KiB is found");
        longLine[4 + ChunkFormat.MAX_PIECE] = '\n';
        assertEquals(3, ChunkCodec.countLines(longLine, 0, longLine.length), "64 KiB exactly is not over");
    }

    /** The readers' carry size, as the poller's pieces have it. */
    private static final class BlockPiece {
        static final int SIZE = io.heroproc.process.BlockOutputListener.CARRY_BYTES;
    }
}
