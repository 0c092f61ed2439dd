package io.heroproc.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/**
 * Run by {@link Pid1Test} as PID 1 of a new PID namespace: reaps orphans, then waits for SIGTERM,
 * stops its service and exits 0.
 */
public final class Pid1Probe {

    private Pid1Probe() {
    }

    public static void main(String[] args) throws Exception {
        ProcessBackend backend = ProcessBackends.create("ffm");
        CountDownLatch orphans = new CountDownLatch(2);
        backend.onOrphanReaped(o -> {
            ChildJvm.say("orphan " + o.status());
            orphans.countDown();
        });
        CountDownLatch term = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> term.countDown());
        ChildJvm.say("pid " + ProcessHandle.current().pid());

        RunningProcess forker = backend.spawn(spec("( sh -c 'sleep 0.2; exit 7' & ); ( sleep 0.1 & ); exit 0"));
        ChildJvm.say("forker " + forker.exit().get(10, TimeUnit.SECONDS));
        ChildJvm.say("orphans reaped " + orphans.await(10, TimeUnit.SECONDS));

        RunningProcess service = backend.spawn(spec("sleep 1000"));
        ChildJvm.say("ready");
        term.await();
        ChildJvm.say("stopped " + backend.stop(service, Signals.SIGTERM, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
        ChildJvm.say("zombies " + TestSupport.ourZombies().size());
        System.exit(0);
    }

    private static SpawnSpec spec(String script) {
        return new SpawnSpec(List.of("sh", "-c", script), TestSupport.env(), Path.of("/"), null, OutputListener.DISCARD);
    }
}
