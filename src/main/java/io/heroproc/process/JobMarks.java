package io.heroproc.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The marks every job carries in its environment from birth, and that its descendants inherit
 * whatever session, group or parent they end up with: the hero-proc instance (one per data
 * directory) and the job. {@code /proc/PID/environ} keeps the environment a process started with.
 */
public final class JobMarks {

    public static final String INSTANCE = "HERO_PROC_INSTANCE";
    public static final String JOB = "HERO_PROC_JOB_ID";

    private JobMarks() {
    }

    /** {@code env} with the marks of job {@code jobId} of {@code instance}. */
    static Map<String, String> marked(Map<String, String> env, String instance, long jobId) {
        Map<String, String> marked = new HashMap<>(env);
        marked.put(INSTANCE, instance);
        marked.put(JOB, Long.toString(jobId));
        return marked;
    }

    /** The job of {@code instance} that process {@code pid} belongs to by its marks; empty if none or unreadable. */
    static OptionalLong jobOf(long pid, String instance) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
        return parse(environ, instance);
    }

    static OptionalLong parse(byte[] environ, String instance) {
        String ownInstance = null;
        String job = null;
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                String entry = new String(environ, start, i - start, StandardCharsets.ISO_8859_1);
                if (entry.startsWith(INSTANCE + "=")) {
                    ownInstance = entry.substring(INSTANCE.length() + 1);
                } else if (entry.startsWith(JOB + "=")) {
                    job = entry.substring(JOB.length() + 1);
                }
                start = i + 1;
            }
        }
        if (!instance.equals(ownInstance) || job == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(job));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
