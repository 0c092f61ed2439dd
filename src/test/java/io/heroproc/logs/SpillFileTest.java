package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spill file left by a crash is read up to its last whole record, whatever follows it. */
class SpillFileTest {

    @TempDir
    Path dir;

    @Test
    void aRecordHeaderWithANegativeLengthEndsTheReadableRecords() throws Exception {
        SpillFile file = SpillFile.create(dir, 1, 1);
        byte[] line = "kept".getBytes(StandardCharsets.UTF_8);
        file.append(1, false, 1234, line, 0, line.length);
        // Garbage where the next header would be: a length of -14 once made the scan step back forever.
        ByteBuffer bad = ByteBuffer.allocate(SpillFile.HEADER).put((byte) 1).put((byte) 0).putLong(5678).putInt(-14);
        Files.write(file.path, bad.array(), StandardOpenOption.APPEND);
        file.close();

        SpillFile reopened = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> SpillFile.reopen(file.path, 1, 1, 0));
        assertEquals(SpillFile.HEADER + line.length, reopened.pending(), "only the whole record");
        SpillFile.Block block = reopened.next();
        assertArrayEquals(line, Arrays.copyOf(block.bytes(), block.length()));
        assertEquals(1234, block.ts());
        assertNull(reopened.next(), "nothing after it");
        reopened.close();
    }
}
