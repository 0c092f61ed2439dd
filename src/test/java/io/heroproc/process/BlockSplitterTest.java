package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BlockSplitterTest {

    private static final int CARRY = BlockOutputListener.CARRY_BYTES;
    private final List<String> blocks = new ArrayList<>();
    private final BlockSplitter splitter = new BlockSplitter(StdStream.STDOUT, new BlockOutputListener() {
        @Override
        public void onLines(StdStream stream, byte[] bytes, int offset, int length, boolean continues) {
            String s = new String(bytes, offset, length, StandardCharsets.US_ASCII);
            blocks.add((continues ? "+" : "") + (s.length() > 12 ? s.length() + ":" + s.substring(0, 4) : s));
        }

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            throw new AssertionError("lines come in blocks");
        }

        @Override
        public boolean accepting(Runnable resume) {
            return true;
        }
    });

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        splitter.accept(b, 0, b.length);
    }

    @Test
    void wholeLinesOfAReadComeAsOneBlockAndTheRestWaitsForItsNewline() {
        feed("a\nbb\ncc");
        feed("c\nd\n");
        feed("e");
        splitter.finish();
        assertEquals(List.of("a\nbb", "ccc", "d", "e"), blocks);
    }

    @Test
    void emptyLinesAreKept() {
        feed("\n\nx\n");
        feed("\n");
        assertEquals(List.of("\n\nx", ""), blocks);
    }

    @Test
    void aLongLineWithinOneReadComesWhole() {
        feed("y".repeat(3 * CARRY) + "\nz\n");
        assertEquals(List.of((3 * CARRY + 2) + ":yyyy"), blocks);
    }

    @Test
    void aLongLineAcrossReadsComesInCarrySizedPieces() {
        feed("start\n" + "p".repeat(CARRY - 10));
        feed("p".repeat(CARRY));
        feed("p".repeat(20) + "\nnext");
        splitter.finish();
        assertEquals(List.of("start", "+" + CARRY + ":pppp", "+" + CARRY + ":pppp", "p".repeat(10), "next"), blocks);
    }

    @Test
    void aLineOfExactlyTheCarrySizeIsOnePiece() {
        feed("q".repeat(CARRY - 1));
        feed("q");
        feed("\n");
        assertEquals(List.of(CARRY + ":qqqq"), blocks);
    }

    @Test
    void aQuietStreamHoldsASmallCarryThatGrowsOnlyForALongOpenLine() {
        feed("tick 1\ntick 2\npartial");
        assertTrue(splitter.carryCapacity() <= 256, "carry of " + splitter.carryCapacity() + " bytes");
        feed("x".repeat(CARRY + 10));
        assertEquals(CARRY, splitter.carryCapacity());
        feed("\n");
        assertEquals(List.of("13:tick", "+" + CARRY + ":part", (7 + 10) + ":xxxx"), blocks);
    }
}
