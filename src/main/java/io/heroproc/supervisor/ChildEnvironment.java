package io.heroproc.supervisor;

import io.heroproc.registry.ActionDef;
import io.heroproc.registry.Dotenv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a job (or its exec health probe) starts with: hero-proc's own, less hero-proc's
 * settings and secrets ({@code HERO_PROC_*}: the API token above all, which would let any child,
 * even one running as {@code nobody}, drive hero-proc and so run commands as hero-proc's user),
 * unless the action names them in {@code pass_env}; then its env files, read now (a changed file
 * counts from the next start; an unreadable one fails the start); then the action's {@code env}; then the
 * markers that tell the child which action and job it is.
 */
final class ChildEnvironment {

    static final String OWN_PREFIX = "HERO_PROC_";

    private ChildEnvironment() {
    }

    static Map<String, String> of(Map<String, String> parent, ActionDef action, long jobId) {
        Map<String, String> env = new HashMap<>();
        parent.forEach((name, value) -> {
            if (!name.startsWith(OWN_PREFIX) || action.passEnv().contains(name)) {
                env.put(name, value);
            }
        });
        for (String file : action.envFiles()) {
            try {
                env.putAll(Dotenv.read(Path.of(file)));
            } catch (Dotenv.DotenvException e) {
                throw new IllegalArgumentException("env file " + e.getMessage(), e);
            }
        }
        env.putAll(action.env());
        env.put("HERO_PROC_ACTION", action.name());
        env.put("HERO_PROC_JOB_ID", Long.toString(jobId));
        return env;
    }
}
