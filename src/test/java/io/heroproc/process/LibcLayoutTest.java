package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The struct sizes Libc allocates are those of glibc on x86_64, and libc writes within them. */
class LibcLayoutTest {

    private static final int SLACK = 1024;
    private static final byte FILL = 0x5a;

    @BeforeAll
    static void onlyGlibcX8664() {
        assumeTrue("amd64".equals(System.getProperty("os.arch")), "sizes are asserted for x86_64 only");
        assumeTrue(Linker.nativeLinker().defaultLookup().find("gnu_get_libc_version").isPresent(), "not glibc");
    }

    private final Libc libc = Libc.get();

    @Test
    void sizesAreGlibcX8664() {
        assertEquals(336, Libc.SPAWNATTR_BYTES);
        assertEquals(80, Libc.FILE_ACTIONS_BYTES);
        assertEquals(128, Libc.SIGSET_BYTES);
    }

    @Test
    void spawnattrInitWritesWithinItsSize() {
        assertWritesWithin(Libc.SPAWNATTR_BYTES, attr -> {
            int result = libc.spawnattrInit(attr);
            libc.spawnattrSetflags(attr, (short) 0xff);
            libc.spawnattrDestroy(attr);
            return result;
        });
    }

    @Test
    void fileActionsInitWritesWithinItsSize() {
        assertWritesWithin(Libc.FILE_ACTIONS_BYTES, actions -> {
            int result = libc.fileActionsInit(actions);
            libc.fileActionsDestroy(actions);
            return result;
        });
    }

    @Test
    void sigfillsetWritesWithinItsSize() {
        assertWritesWithin(Libc.SIGSET_BYTES, libc::sigfillset);
    }

    private static void assertWritesWithin(long size, ToIntFunction<MemorySegment> call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(size + SLACK, 8);
            segment.fill(FILL);
            assertEquals(0, call.applyAsInt(segment));
            boolean wroteInside = false;
            for (long i = 0; i < size; i++) {
                wroteInside |= segment.get(ValueLayout.JAVA_BYTE, i) != FILL;
            }
            assertTrue(wroteInside, "the call initialised the struct");
            for (long i = size; i < size + SLACK; i++) {
                assertEquals(FILL, segment.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " past the struct");
            }
        }
    }
}
