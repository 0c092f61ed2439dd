package io.heroproc.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a job as another user. posix_spawn cannot change uid/gid, so the command is prefixed with
 * {@code setpriv --reuid=U --regid=G --init-groups --} (util-linux), which switches user and then
 * execs the command in place: the pid, session and process group stay those of the job. The user
 * must be in {@code /etc/passwd} (by name or uid); NSS-only users (LDAP…) are not looked up. The
 * environment is not changed: HOME, USER… are whatever the job's env says.
 */
final class UserSwitch {

    private static final Path PASSWD = Path.of("/etc/passwd");

    private UserSwitch() {
    }

    static List<String> wrap(List<String> argv, String user, int effectiveUid) throws SpawnException {
        if (user == null || user.isBlank()) {
            return argv;
        }
        if (effectiveUid != 0) {
            throw new SpawnException("cannot run as user '" + user
                    + "': hero-proc is not running as root (euid " + effectiveUid + ")");
        }
        String[] entry = passwdEntry(user);
        String setpriv = Executables.find("setpriv", Executables.DEFAULT_PATH, Path.of("/"))
                .orElseThrow(() -> new SpawnException("cannot run as user '" + user
                        + "': setpriv (util-linux) not found in " + Executables.DEFAULT_PATH))
                .toString();
        List<String> wrapped = new ArrayList<>(List.of(setpriv, "--reuid=" + entry[2], "--regid=" + entry[3],
                "--init-groups", "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    private static String[] passwdEntry(String user) throws SpawnException {
        try {
            for (String line : Files.readAllLines(PASSWD)) {
                String[] f = line.split(":");
                if (f.length >= 4 && (f[0].equals(user) || f[2].equals(user))) {
                    return f;
                }
            }
        } catch (IOException e) {
            throw new SpawnException("cannot run as user '" + user + "': cannot read " + PASSWD, e);
        }
        throw new SpawnException("cannot run as user '" + user + "': no such user in " + PASSWD);
    }
}
