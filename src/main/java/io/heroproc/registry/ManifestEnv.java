package io.heroproc.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest's top-level {@code env} and {@code env_file} handed down to each of its actions (the
 * action's own entries win; the top-level files are read first), and relative env file paths
 * resolved against the directory the manifest was read from.
 */
final class ManifestEnv {

    private ManifestEnv() {
    }

    /** {@code manifest} with its top level applied to its actions; {@code base} may be null (no file). */
    static Manifest apply(Manifest manifest, Path base) {
        List<String> topFiles = resolve(manifest.envFile(), base);
        Map<String, EnvValue> topEnv = manifest.env() == null ? Map.of() : manifest.env();
        Map<String, ActionSpec> actions = new LinkedHashMap<>();
        manifest.actions().forEach((name, spec) -> {
            if (spec == null) {
                actions.put(name, null);
                return;
            }
            List<String> files = new ArrayList<>(topFiles);
            List<String> own = resolve(spec.envFile(), base);
            files.addAll(own);
            Map<String, EnvValue> env = new LinkedHashMap<>(topEnv);
            if (spec.env() != null) {
                env.putAll(spec.env());
            }
            boolean none = spec.env() == null && topEnv.isEmpty();
            actions.put(name, spec.withEnv(none ? null : env, files.isEmpty() && spec.envFile() == null ? null : files));
        });
        return new Manifest(manifest.schema(), manifest.include(), actions, manifest.services(), manifest.webhooks(),
                null, null);
    }

    private static List<String> resolve(List<String> files, Path base) {
        if (files == null) {
            return List.of();
        }
        return files.stream().map(f -> base == null || f == null || f.startsWith("/") ? f
                : base.resolve(f).normalize().toAbsolutePath().toString()).toList();
    }
}
