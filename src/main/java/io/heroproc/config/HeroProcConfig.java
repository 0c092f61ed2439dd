package io.heroproc.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** hero-proc's own settings ({@code hero-proc.*} in application.properties or the environment). */
@ConfigMapping(prefix = "hero-proc")
public interface HeroProcConfig {

    /** Directory of the SQLite database and, later, of the logs. */
    Path dataDir();

    /**
     * A manifest file, or a directory of {@code *.yaml|*.yml|*.json} manifests, applied at boot
     * and again on SIGHUP ({@code HERO_PROC_MANIFEST}); unset: none.
     */
    java.util.Optional<String> manifest();

    /** Whether applying {@link #manifest()} also deletes what it no longer declares. */
    @WithDefault("false")
    boolean manifestPrune();

    Api api();

    /** Bearer token for the API and password of the dashboard; required to listen off loopback. */
    java.util.Optional<String> token();

    Process process();

    Supervisor supervisor();

    interface Process {
        /** {@code auto} (FFM, else the ProcessBuilder fallback), {@code ffm} or {@code fallback}. */
        @WithDefault("auto")
        String backend();

        /**
         * How a job's processes are kept track of: {@code auto} (a cgroup v2 per job where one can
         * be made, else tracking), {@code cgroup} or {@code tracking} (environment marks, ancestry, sessions).
         */
        @WithDefault("auto")
        String containment();
    }

    Logs logs();

    Usage usage();

    Events events();

    interface Events {
        /** Events kept at most; the oldest go first, and a reader that falls behind gets a gap marker. */
        @WithDefault("200000")
        long maxCount();

        /** Events older than this go. */
        @WithDefault("30d")
        java.time.Duration maxAge();
    }

    interface Logs {
        /** Lines kept per job; older ones are dropped and the gap is shown as a marker. */
        @WithDefault("100000")
        long maxLinesPerJob();

        /** Lines kept across all jobs. */
        @WithDefault("5000000")
        long maxLinesTotal();

        /** Bytes of storage (compressed lines, their index and search filter) kept per job; whole chunks go. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize maxBytesPerJob();

        /** Bytes of storage kept across all jobs. */
        @WithDefault("1G")
        io.quarkus.runtime.configuration.MemorySize maxBytesTotal();

        /**
         * Bytes of output that may wait in files under the data dir ({@code spill/}) while the
         * database is behind (a job flooding faster than its lines can be stored), so that the job
         * is not slowed down; past this, the job blocks on its pipe until its output is stored.
         * {@code 0}: never written aside.
         */
        @WithDefault("1G")
        io.quarkus.runtime.configuration.MemorySize spillMax();

        /**
         * Whether every line of every job is also written to hero-proc's own stdout (what
         * {@code docker logs} shows); unset: on when hero-proc is PID 1, off otherwise.
         */
        java.util.Optional<Boolean> stdout();

        /** {@code text} ({@code service/action | line}, {@code !} for stderr) or {@code json} (one object a line). */
        @WithDefault("text")
        StdoutFormat stdoutFormat();

        enum StdoutFormat {
            TEXT, JSON
        }
    }

    interface Usage {
        /** How often CPU and memory of running jobs are sampled. */
        @WithDefault("5s")
        java.time.Duration interval();

        /** Samples kept per job (the API downsamples further on request). */
        @WithDefault("2000")
        int maxSamplesPerJob();
    }

    interface Supervisor {
        /** Safety-net period of the reconciler (it is also woken by every exit and API change). */
        @WithDefault("10s")
        java.time.Duration tick();

        /**
         * The least time between two starts of the same job, whatever its backoff says: a crash
         * loop restarts at most ten times a second.
         */
        @WithDefault("100ms")
        java.time.Duration restartFloor();

        /** Restarts a service may make in any minute; past that, the next waits until the minute allows it. */
        @WithDefault("120")
        int maxRestartsPerMinute();

        /** Attempts of one action kept per run (rows, output, usage); older ones are deleted, their count stays. */
        @WithDefault("20")
        int attemptsKept();

        /** How long shutdown may take in all before remaining jobs are killed. */
        @WithDefault("60s")
        java.time.Duration shutdownTimeout();
    }

    interface Api {
        /** Largest request body the API accepts; larger ones get a 413 problem. */
        @WithDefault("1048576")
        long maxBodyBytes();

        /** Largest page a list call returns. */
        @WithDefault("1000")
        int maxPageSize();

        /**
         * Most bytes of log text one log page carries; a page that reaches it ends early and the
         * client goes on from its last cursor. Keeps many parallel reads of a large log within the heap.
         */
        @WithDefault("1048576")
        int maxLogPageBytes();

        /**
         * Host names the API answers to besides loopback names, IP literals and this machine's
         * name ({@code HERO_PROC_ALLOWED_HOSTS}, comma-separated; {@code *.example.com} matches
         * subdomains; {@code *} turns the check off). Any other {@code Host} is refused, which is
         * what defeats DNS rebinding.
         */
        java.util.Optional<java.util.List<String>> allowedHosts();

        /**
         * The Unix-domain socket the API is also served on ({@code HERO_PROC_SOCKET}); unset: {@code
         * hero-proc.sock} in the data directory; {@code off}: none. Mode 0600: whoever can open it
         * is hero-proc's own user (or root) and needs no token.
         */
        java.util.Optional<String> socket();

        /** How long a dashboard sign-in lasts. */
        @WithDefault("12h")
        java.time.Duration sessionTtl();
    }
}
