package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> seen = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(StdStream.STDOUT,
            (stream, line, partial) -> seen.add((partial ? "+" : "") + line.length + ":" + ascii(line)));

    private static String ascii(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII);
        return s.length() > 8 ? s.substring(0, 8) : s;
    }

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        splitter.accept(b, 0, b.length);
    }

    @Test
    void linesSpanningReadsAreJoined() {
        feed("ab");
        feed("c\nd");
        feed("\n\n");
        splitter.finish();
        assertEquals(List.of("3:abc", "1:d", "0:"), seen);
    }

    @Test
    void exactlyMaxLengthLineIsOnePiece() {
        feed("x".repeat(LineSplitter.MAX_LINE));
        feed("\n");
        assertEquals(List.of(LineSplitter.MAX_LINE + ":xxxxxxxx"), seen);
    }

    @Test
    void longerLineIsSplitWithPartialMarks() {
        feed("y".repeat(LineSplitter.MAX_LINE * 2 + 5));
        splitter.finish();
        assertEquals(List.of("+65536:yyyyyyyy", "+65536:yyyyyyyy", "5:yyyyy"), seen);
    }
}
