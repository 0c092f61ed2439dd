package io.heroproc.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the program to execute before spawning, for a clear "command not found" and because
 * posix_spawnp would search hero-proc's own PATH instead of the job's.
 */
final class Executables {

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Executables() {
    }

    /**
     * A name without {@code '/'} is searched in {@code path} (relative entries against
     * {@code cwd}); a name with {@code '/'} is taken relative to {@code cwd}.
     */
    static Path resolve(String command, String path, Path cwd) throws SpawnException {
        if (command.isEmpty()) {
            throw new SpawnException("empty command");
        }
        if (command.contains("/")) {
            Path file = cwd.resolve(command);
            if (!Files.exists(file)) {
                throw new SpawnException("command not found: " + command + " (no such file, cwd " + cwd + ")");
            }
            if (Files.isDirectory(file) || !Files.isExecutable(file)) {
                throw new SpawnException("command not executable: " + file);
            }
            return file;
        }
        String searchPath = path == null ? DEFAULT_PATH : path;
        return find(command, searchPath, cwd).orElseThrow(() ->
                new SpawnException("command not found: " + command + " (searched PATH=" + searchPath + ")"));
    }

    static Optional<Path> find(String name, String path, Path cwd) {
        for (String dir : path.split(":")) {
            Path file = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** What to exec for a spec: the program found on the job's PATH and the argv, user switch included. */
    record Command(Path program, List<String> argv) {
    }

    /** Checks the working directory and resolves the program, as both backends must before spawning. */
    static Command of(SpawnSpec spec) throws SpawnException {
        if (!Files.isDirectory(spec.cwd())) {
            throw new SpawnException("working directory does not exist: " + spec.cwd());
        }
        List<String> argv = UserSwitch.wrap(spec.argv(), spec.user(), ProcStat.effectiveUid());
        Path program = resolve(argv.getFirst(), spec.env().get("PATH"), spec.cwd());
        if (spec.launcher().isEmpty()) {
            return new Command(program, argv);
        }
        // The launcher execs the command by the name it was given, found on the same PATH.
        List<String> launched = new java.util.ArrayList<>(spec.launcher());
        launched.addAll(argv);
        return new Command(Path.of(spec.launcher().getFirst()), launched);
    }
}
