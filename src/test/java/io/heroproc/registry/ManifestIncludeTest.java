package io.heroproc.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include:} as the boot loader and the CLI read it: relative to the including file, cycles and missing files named. */
class ManifestIncludeTest {

    @TempDir
    Path dir;

    private final ManifestReader reader = new ManifestReader(StrictMapper.standalone());

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void includesAreRelativeToTheIncludingFileAndEachFileIsReadOnce() throws IOException {
        Path main = write("main.yaml", """
                include: [web/web.yaml, common.yaml]
                services: {db: {actions: [db]}}
                actions: {db: {script: sleep 300}}
                """);
        write("web/web.yaml", """
                include: [../common.yaml]
                actions: {web: {script: sleep 300}}
                services: {web: {actions: [web], requires: [db]}}
                """);
        write("common.yaml", "webhooks: {audit: {url: 'http://127.0.0.1:1/hook'}}\n");
        ManifestReader.Loaded loaded = reader.read(main);
        assertEquals(Set.of("db", "web"), loaded.manifest().actions().keySet());
        assertEquals(Set.of("db", "web"), loaded.manifest().services().keySet());
        assertEquals(Set.of("audit"), loaded.manifest().webhooks().keySet(), "common.yaml included twice, read once");
        assertEquals(3, loaded.files().size());
        assertEquals(dir.resolve("web/web.yaml").toAbsolutePath().normalize(),
                loaded.fileOf("services.web.requires[0]").toAbsolutePath().normalize());
        assertEquals(List.of(), loaded.manifest().resolved().include());
    }

    @Test
    void aDirectoryIncludesItsManifestFiles() throws IOException {
        Path main = write("main.yaml", "include: [conf.d]\n");
        write("conf.d/a.yaml", "actions: {a: {script: sleep 300}}\n");
        write("conf.d/b.json", "{\"services\": {\"a\": {\"actions\": [\"a\"]}}}");
        write("conf.d/notes.txt", "not a manifest");
        ManifestReader.Loaded loaded = reader.read(main);
        assertEquals(Set.of("a"), loaded.manifest().actions().keySet());
        assertEquals(Set.of("a"), loaded.manifest().services().keySet());
    }

    @Test
    void aCycleIsRefusedNamingTheFilesInIt() throws IOException {
        Path a = write("a.yaml", "include: [sub/b.yaml]\nactions: {a: {script: sleep 1}}\n");
        write("sub/b.yaml", "include: [../a.yaml]\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> reader.read(a));
        FieldError error = e.errors().getFirst();
        assertEquals("include[0]", error.field());
        assertTrue(error.message().contains("(sub/b.yaml) includes a.yaml, which is already being read (an include "
                + "cycle: a.yaml -> sub/b.yaml -> a.yaml)"), error.message());
    }

    @Test
    void aMissingFileIsRefusedNamingItAndTheIncludingFile() throws IOException {
        Path a = write("a.yaml", "actions: {a: {script: sleep 1}}\ninclude: [nope.yaml]\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> reader.read(a));
        FieldError error = e.errors().getFirst();
        assertEquals("include[0]", error.field());
        assertTrue(error.message().startsWith("(a.yaml) includes nope.yaml: no such file or directory ("
                + dir.toRealPath().resolve("nope.yaml")) || error.message().contains("nope.yaml: no such file"),
                error.message());
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFileAndLine() throws IOException {
        Path a = write("a.yaml", "include: [b.yaml]\n");
        write("b.yaml", "actions:\n  b:\n    scrpt: sleep 1\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> reader.read(a));
        FieldError error = e.errors().getFirst();
        assertEquals("actions.b.scrpt", error.field());
        assertTrue(error.message().startsWith("(b.yaml line ") && error.message().contains(") unknown field"),
                error.message());
    }
}
