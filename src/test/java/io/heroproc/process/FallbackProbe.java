package io.heroproc.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exercises the fallback backend in a JVM of its own ({@link FallbackBackendTest}): in the test
 * JVM the FFM reaper would reap the fallback's children before the JDK could. Prints
 * {@code name=result} lines.
 */
public final class FallbackProbe {

    private static final ProcessBackend BACKEND = ProcessBackends.create("fallback");

    private FallbackProbe() {
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.say("name=" + BACKEND.name());
        ChildJvm.say("exit3=" + run("exit 3").exit().get(10, TimeUnit.SECONDS));
        ChildJvm.say("selfTerm=" + run("kill -TERM $$").exit().get(10, TimeUnit.SECONDS));

        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess p = BACKEND.spawn(new SpawnSpec(List.of("sh", "-c", "pwd; echo $FOO; ls /proc/$$/fd; echo e >&2"),
                Map.of("PATH", TestSupport.env().get("PATH"), "FOO", "bar"), Path.of("/usr"), null, output));
        p.exit().get(10, TimeUnit.SECONDS);
        output.awaitEnd();
        ChildJvm.say("out=" + String.join(",", output.out()));
        ChildJvm.say("err=" + String.join(",", output.err()));

        TestSupport.Capture group = new TestSupport.Capture();
        RunningProcess leader = run("sleep 1000 & echo ready; sleep 1000", group);
        TestSupport.await("ready", () -> group.out().contains("ready"));
        ChildJvm.say("leadsGroup=" + leader.id().leadsGroup());
        ChildJvm.say("stop=" + BACKEND.stop(leader, Signals.SIGTERM, Duration.ofSeconds(5)).get(20, TimeUnit.SECONDS));
        ChildJvm.say("groupLeft=" + TestSupport.inGroup(leader.id().pgid()).size());

        TestSupport.Capture stubborn = new TestSupport.Capture();
        RunningProcess ignoring = run("trap '' TERM; echo ready; while :; do sleep 0.1; done", stubborn);
        TestSupport.await("ready", () -> stubborn.out().contains("ready"));
        ChildJvm.say("stubborn=" + BACKEND.stop(ignoring, Signals.SIGTERM, Duration.ofMillis(500)).get(20, TimeUnit.SECONDS));

        try {
            run("true").exit().get();
            BACKEND.spawn(new SpawnSpec(List.of("no-such-command-xyz"), TestSupport.env(), Path.of("/"), null,
                    OutputListener.DISCARD));
        } catch (SpawnException e) {
            ChildJvm.say("missing=" + e.getMessage().startsWith("command not found"));
        }
        System.exit(0);
    }

    private static RunningProcess run(String script) throws SpawnException {
        return run(script, OutputListener.DISCARD);
    }

    private static RunningProcess run(String script, OutputListener output) throws SpawnException {
        return BACKEND.spawn(new SpawnSpec(List.of("sh", "-c", script), TestSupport.env(), Path.of("/"), null, output));
    }
}
