package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExitStatusTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 127, 254, 255})
    void exitCodesComeBackAsExitCodes(int code) throws Exception {
        ExitStatus status = backend.spawn(TestSupport.sh("exit " + code, OutputListener.DISCARD))
                .exit().get(20, TimeUnit.SECONDS);
        assertEquals(code, status.exitCode());
        assertNull(status.signal());
    }

    @ParameterizedTest
    @CsvSource({"TERM, 15", "KILL, 9", "SEGV, 11"})
    void signalDeathsComeBackAsSignals(String name, int number) throws Exception {
        ExitStatus status = backend.spawn(TestSupport.sh("kill -" + name + " $$", OutputListener.DISCARD))
                .exit().get(20, TimeUnit.SECONDS);
        assertEquals(number, status.signal());
        assertNull(status.exitCode());
    }

    @Test
    void decodesWaitStatusWords() {
        assertEquals(143, ExitStatus.fromWaitStatus(143 << 8, null).exitCode());
        assertEquals(15, ExitStatus.fromWaitStatus(15, null).signal());
        assertEquals(11, ExitStatus.fromWaitStatus(11 | 0x80, null).signal());
        assertEquals("signal 15 (SIGTERM)", ExitStatus.killed(15, null).toString());
    }
}
