package io.heroproc.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start. {@code env} is the complete environment of the job (nothing is inherited) and its
 * {@code PATH} is the one searched for {@code argv[0]}. {@code user} (a name or numeric uid from
 * {@code /etc/passwd}) may be null; it is only allowed when hero-proc runs as root. stdin is
 * {@code /dev/null}. {@code launcher}, when not empty, is a command that runs first, as hero-proc's
 * user, and then execs the job's command line (user switch included) in its place: what puts a
 * job into its cgroup before its program runs.
 */
public record SpawnSpec(List<String> argv, Map<String, String> env, Path cwd, String user,
                        OutputListener output, List<String> launcher) {

    public SpawnSpec(List<String> argv, Map<String, String> env, Path cwd, String user, OutputListener output) {
        this(argv, env, cwd, user, output, List.of());
    }

    public SpawnSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        launcher = List.copyOf(launcher);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(output, "output");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
    }

    SpawnSpec withEnv(Map<String, String> newEnv) {
        return new SpawnSpec(argv, newEnv, cwd, user, output, launcher);
    }

    SpawnSpec withLauncher(List<String> newLauncher) {
        return new SpawnSpec(argv, env, cwd, user, output, newLauncher);
    }
}
