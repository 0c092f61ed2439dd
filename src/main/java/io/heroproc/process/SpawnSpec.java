package io.heroproc.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to start. {@code env} is the complete environment of the job (nothing is inherited) and its
 * {@code PATH} is the one searched for {@code argv[0]}. {@code user} (a name or numeric uid from
 * {@code /etc/passwd}) may be null; it is only allowed when hero-proc runs as root. stdin is
 * {@code /dev/null}.
 */
public record SpawnSpec(List<String> argv, Map<String, String> env, Path cwd, String user,
                        OutputListener output) {

    public SpawnSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(output, "output");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
    }
}
