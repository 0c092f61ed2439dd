package io.heroproc.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * The rules of an action's {@code env_file} list: absolute paths (a manifest read from a file has
 * its relative ones resolved against its directory first), each readable and well-formed now. They
 * are read again at each start of a job, so a changed file takes effect at the next (re)start.
 */
final class EnvFiles {

    static final int MAX_FILES = 16;

    private EnvFiles() {
    }

    static List<String> check(Violations v, List<String> files) {
        if (files == null) {
            return List.of();
        }
        if (files.size() > MAX_FILES) {
            v.add("env_file", "may name at most " + MAX_FILES + " files");
            return List.of();
        }
        for (int i = 0; i < files.size(); i++) {
            String field = files.size() == 1 ? "env_file" : "env_file[" + i + "]";
            String f = files.get(i);
            if (f == null || f.isBlank() || Rules.hasNul(f) || f.length() > 4096) {
                v.add(field, "must be a file path");
            } else if (!f.startsWith("/")) {
                v.add(field, "must be an absolute path, got '" + Rules.shorten(f) + "' (relative paths are resolved "
                        + "against the manifest's directory when it is read from a file: apply -f or the boot manifest)");
            } else {
                try {
                    Dotenv.read(Path.of(f));
                } catch (Dotenv.DotenvException e) {
                    v.add(field, e.getMessage());
                }
            }
        }
        return files.stream().filter(f -> f != null).distinct().toList();
    }
}
