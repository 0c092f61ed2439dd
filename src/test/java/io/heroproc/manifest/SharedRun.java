package io.heroproc.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Values shared by a test profile and its test class. Quarkus loads the two in different class
 * loaders, so their static fields are different copies; a system property is the one place both
 * see, and the first of them to ask creates the value (and the files that go with it).
 */
final class SharedRun {

    private SharedRun() {
    }

    /** A run id for names, the same in every class loader of this JVM. */
    static String id(String key) {
        return once("heroproc.test." + key + ".run", () -> Long.toString(System.nanoTime() % 1_000_000_000L, 36));
    }

    /** A temporary directory made (and filled by {@code init}) once per JVM. */
    static Path dir(String key, Consumer<Path> init) {
        return Path.of(once("heroproc.test." + key + ".dir", () -> {
            try {
                Path dir = java.nio.file.Files.createTempDirectory("hp-" + key);
                init.accept(dir);
                return dir.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /**
     * Not {@code computeIfAbsent}: {@code init} may itself ask for another value, and a nested
     * update of the same map is not allowed. The lock is the one object both class loaders share.
     */
    private static String once(String property, java.util.function.Supplier<String> make) {
        synchronized (System.getProperties()) {
            String value = System.getProperty(property);
            if (value == null) {
                value = make.get();
                System.setProperty(property, value);
            }
            return value;
        }
    }
}
