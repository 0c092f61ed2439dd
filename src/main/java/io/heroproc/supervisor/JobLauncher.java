package io.heroproc.supervisor;

import io.heroproc.model.ShellWords;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.SpawnException;
import io.heroproc.process.SpawnSpec;
import io.heroproc.registry.ActionDef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns an action into a spawned process: argv from interpreter and script, env, cwd, user. */
@ApplicationScoped
public class JobLauncher {

    @Inject
    ProcessBackend backend;

    RunningProcess launch(ActionDef action, long jobId, OutputListener output) throws SpawnException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(action.env());
        env.put("HERO_PROC_ACTION", action.name());
        env.put("HERO_PROC_JOB_ID", Long.toString(jobId));
        Path cwd = Path.of(action.cwd() != null ? action.cwd() : System.getProperty("user.dir"));
        return backend.spawn(new SpawnSpec(argv(action), env, cwd, action.user(), output));
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
