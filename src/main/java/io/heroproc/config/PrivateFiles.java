package io.heroproc.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The data directory holds every action's environment and every job's output: it is hero-proc's
 * alone (0700), its database 0600. SQLite creates the {@code -wal} and {@code -shm} files with
 * the database file's mode, so making the database file first, private, covers them.
 */
final class PrivateFiles {

    private static final Logger LOG = Logger.getLogger(PrivateFiles.class);
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    static void directory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
            } catch (FileAlreadyExistsException raced) {
                // someone made it meanwhile: tightened below like any existing one
            }
        }
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.permissions().equals(DIR)) {
            return;
        }
        // Tighten only a directory that is plainly hero-proc's own: never a shared one such as /tmp.
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // hero-proc's own uid
        boolean own = attrs.isDirectory() && (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == self
                && !attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        if (own) {
            Files.setPosixFilePermissions(dir, DIR);
        } else {
            LOG.warnf("data directory %s is %s and not hero-proc's own: other users may read job environments and "
                    + "output there; use a private directory (HERO_PROC_DATA_DIR)", dir,
                    PosixFilePermissions.toString(attrs.permissions()));
        }
    }

    static void database(Path db) throws IOException {
        for (String suffix : new String[] { "", "-wal", "-shm", "-journal" }) {
            Path file = db.resolveSibling(db.getFileName() + suffix);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        }
        if (!Files.exists(db, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(db, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException raced) {
                Files.setPosixFilePermissions(db, FILE);
            }
        }
    }
}
