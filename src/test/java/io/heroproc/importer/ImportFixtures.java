package io.heroproc.importer;

import io.heroproc.registry.ActionSpec;
import io.heroproc.registry.Manifest;
import io.heroproc.registry.ManifestReader;
import io.heroproc.registry.StrictMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real configuration files under {@code src/test/resources/import}, and reading an import back. */
final class ImportFixtures {

    private ImportFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = ImportFixtures.class.getResourceAsStream("/import/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /import/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The printed manifest, read by the same strict reader the server uses: fails on any unknown
     * field. {@code ${VAR}} references are left as written, as the CLI reads a manifest (the
     * server interpolates them from its own environment, not the test machine's).
     */
    static Manifest readBack(ImportedManifest imported) {
        return new ManifestReader(StrictMapper.standalone(), null).read(
                imported.yaml().getBytes(StandardCharsets.UTF_8), ManifestReader.Format.YAML, "imported");
    }

    /** An action's env as plain strings; none of an import's values is secret. */
    static Map<String, String> env(ActionSpec action) {
        Map<String, String> env = new LinkedHashMap<>();
        action.env().forEach((k, v) -> {
            if (v.isSecret()) {
                throw new AssertionError(k + " was imported as a secret");
            }
            env.put(k, v.value());
        });
        return env;
    }

    static boolean warned(ImportedManifest imported, String fieldAndText) {
        return imported.warnings().stream().anyMatch(w -> w.contains(fieldAndText));
    }
}
