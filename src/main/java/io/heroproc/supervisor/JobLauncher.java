package io.heroproc.supervisor;

import io.heroproc.model.ShellWords;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.OutputListener;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.SpawnException;
import io.heroproc.process.SpawnSpec;
import io.heroproc.registry.ActionDef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Turns an action into a spawned, contained process: argv from interpreter and script, env, cwd, user. */
@ApplicationScoped
public class JobLauncher {

    @Inject
    JobProcesses processes;

    RunningProcess launch(ActionDef action, long jobId, OutputListener output) throws SpawnException {
        Map<String, String> env = ChildEnvironment.of(System.getenv(), action, jobId);
        Path cwd = Path.of(action.cwd() != null ? action.cwd() : System.getProperty("user.dir"));
        return processes.spawn(jobId, new SpawnSpec(argv(action), env, cwd, action.user(), output));
    }

    /** SIGKILLs every process of every job; returns how many jobs had some. */
    int killAlive() {
        return processes.killAll();
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
