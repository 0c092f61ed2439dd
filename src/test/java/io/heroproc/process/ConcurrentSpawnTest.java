package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConcurrentSpawnTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 30;

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    record Spawned(int expected, RunningProcess process) {
    }

    @Test
    void everyExitCodeMatchesItsChild() throws Exception {
        List<Future<List<Spawned>>> batches = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                batches.add(pool.submit(() -> {
                    List<Spawned> spawned = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        int code = (thread * PER_THREAD + i) % 256;
                        spawned.add(new Spawned(code, backend.spawn(TestSupport.sh("exit " + code, OutputListener.DISCARD))));
                    }
                    return spawned;
                }));
            }
        }
        int checked = 0;
        for (Future<List<Spawned>> batch : batches) {
            for (Spawned s : batch.get(60, TimeUnit.SECONDS)) {
                ExitStatus status = s.process().exit().get(30, TimeUnit.SECONDS);
                assertEquals(s.expected(), status.exitCode(), "pid " + s.process().pid());
                checked++;
            }
        }
        assertEquals(THREADS * PER_THREAD, checked);
        TestSupport.await("no zombie children", () -> TestSupport.ourZombies().isEmpty());
    }
}
