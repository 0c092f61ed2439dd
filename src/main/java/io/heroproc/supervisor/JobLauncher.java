package io.heroproc.supervisor;

import io.heroproc.model.ShellWords;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessId;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.SpawnException;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.registry.ActionDef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Turns an action into a spawned process: argv from interpreter and script, env, cwd, user. */
@ApplicationScoped
public class JobLauncher {

    @Inject
    ProcessBackend backend;

    /** Every process launched and not yet exited, read by shutdown's last resort (off the loop). */
    private final Set<ProcessId> alive = ConcurrentHashMap.newKeySet();

    RunningProcess launch(ActionDef action, long jobId, OutputListener output) throws SpawnException {
        Map<String, String> env = ChildEnvironment.of(System.getenv(), action, jobId);
        Path cwd = Path.of(action.cwd() != null ? action.cwd() : System.getProperty("user.dir"));
        RunningProcess process = backend.spawn(new SpawnSpec(argv(action), env, cwd, action.user(), output));
        alive.add(process.id());
        process.exit().whenComplete((status, error) -> alive.remove(process.id()));
        return process;
    }

    /** SIGKILLs the group of every launched process still alive; returns how many it signalled. */
    int killAlive() {
        List<ProcessId> left = List.copyOf(alive);
        left.forEach(id -> backend.signal(id, Signals.SIGKILL));
        return left.size();
    }

    /** {@code exec}: the script split into words, no shell; otherwise the script handed to the interpreter. */
    static List<String> argv(ActionDef action) {
        String interpreter = action.interpreter();
        String script = action.script();
        return switch (interpreter) {
            case "exec" -> ShellWords.split(script);
            case "node", "perl", "ruby" -> List.of(interpreter, "-e", script);
            default -> List.of(interpreter, "-c", script);
        };
    }
}
