package io.heroproc.config;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * This hero-proc's identity, one per data directory (kept in its {@code instance} file): the
 * mark its jobs carry and the name of its cgroup, so that a restarted hero-proc recognises what
 * its predecessor left running, and never touches what another hero-proc runs.
 */
@Singleton
public class Instance {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{16}");

    private final String id;

    @Inject
    public Instance(HeroProcConfig config) {
        this.id = readOrCreate(config.dataDir().resolve("instance"));
    }

    public String id() {
        return id;
    }

    static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (SHAPE.matcher(existing).matches()) {
                    return existing;
                }
            }
            String fresh = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path tmp = file.resolveSibling("instance.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, fresh + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (FileAlreadyExistsException e) {
            return readOrCreate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
