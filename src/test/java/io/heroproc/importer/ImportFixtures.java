package io.heroproc.importer;

import io.heroproc.registry.Manifest;
import io.heroproc.registry.ManifestReader;
import io.heroproc.registry.StrictMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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

    /** The printed manifest, read by the same strict reader the server uses: fails on any unknown field. */
    static Manifest readBack(ImportedManifest imported) {
        return new ManifestReader(StrictMapper.standalone()).read(imported.yaml().getBytes(StandardCharsets.UTF_8),
                ManifestReader.Format.YAML, "imported");
    }

    static boolean warned(ImportedManifest imported, String fieldAndText) {
        return imported.warnings().stream().anyMatch(w -> w.contains(fieldAndText));
    }
}
