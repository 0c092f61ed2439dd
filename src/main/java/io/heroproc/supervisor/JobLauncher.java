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
import io.heroproc.logs.JobLog;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns an action into a spawned, contained process: argv from interpreter and script, env, cwd, user. */
@ApplicationScoped
public class JobLauncher {

    @Inject
    JobProcesses processes;

    RunningProcess launch(ActionDef action, long jobId, int replica, OutputListener output) throws SpawnException {
        Map<String, String> env = new HashMap<>(ChildEnvironment.of(System.getenv(), action, jobId));
        env.put("HERO_PROC_REPLICA", Integer.toString(replica));
        Path cwd = Path.of(action.cwd() != null ? action.cwd() : System.getProperty("user.dir"));
        return processes.spawn(jobId, new SpawnSpec(argv(action), env, cwd, action.user(), output));
    }

    /**
     * Starts an action's stop command for job {@code jobId}, inside the job's containment (a stop
     * of the job ends it too), with the job's environment (its replica's number included) plus
     * {@code HERO_PROC_MAIN_PID}; what it
     * prints goes to the job's log as hero-proc's lines.
     */
    RunningProcess launchStopCommand(ActionDef action, long jobId, int replica, long mainPid, JobLog log)
            throws SpawnException {
        Map<String, String> env = new HashMap<>(ChildEnvironment.of(System.getenv(), action, jobId));
        env.put("HERO_PROC_REPLICA", Integer.toString(replica));
        env.put("HERO_PROC_MAIN_PID", Long.toString(mainPid));
        Path cwd = Path.of(action.cwd() != null ? action.cwd() : System.getProperty("user.dir"));
        OutputListener output = (stream, line, partial) -> log.marker("stop command: "
                + new String(line, java.nio.charset.StandardCharsets.UTF_8));
        return processes.spawn(jobId, new SpawnSpec(argv(action.interpreter(), action.stopCommand()), env, cwd,
                action.user(), output));
    }

    /** SIGKILLs every process of every job; returns how many jobs had some. */
    int killAlive() {
        return processes.killAll();
    }

    /** {@code exec}: the script split into words, no shell; otherwise the script handed to the interpreter. */
    static List<String> argv(ActionDef action) {
        return argv(action.interpreter(), action.script());
    }

    static List<String> argv(String interpreter, String script) {
        return switch (interpreter) {
            case "exec" -> ShellWords.split(script);
            case "node", "perl", "ruby" -> List.of(interpreter, "-e", script);
            default -> List.of(interpreter, "-c", script);
        };
    }
}
