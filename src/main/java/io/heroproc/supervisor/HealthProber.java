package io.heroproc.supervisor;

import io.heroproc.logs.LogEntry;
import io.heroproc.logs.LogQuery;
import io.heroproc.model.HealthCheck;
import io.heroproc.model.HealthType;
import io.heroproc.registry.DurationText;
import io.heroproc.model.ShellWords;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.registry.ActionDef;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action's health check every interval and reports each change between healthy and
 * unhealthy. Until the job first passes, the check is a readiness check: failures only mean "not
 * ready yet" (dependents wait, nothing restarts) unless {@code start_timeout} runs out, which
 * makes it unhealthy. Once it has passed, it is a liveness check: failures inside the start period
 * do not count, and {@code retries} in a row make the job unhealthy. A {@code log} check passes
 * when a line of the job's output matches its regex, and once passed stays passed (the process
 * being alive is then all there is to check). Probes run on virtual threads; only the reports go
 * to the loop.
 */
final class HealthProber {

    /** Receives health changes: healthy, or unhealthy with the reason. */
    interface Listener {
        void changed(boolean healthy, String detail);
    }

    private static final int LOG_LINES_PER_PROBE = 10_000;

    private final ProcessBackend backend;
    private final LogQuery logs;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hero-proc-health").daemon().factory());
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HealthProber(ProcessBackend backend, LogQuery logs) {
        this.backend = backend;
        this.logs = logs;
    }

    ScheduledFuture<?> watch(ActionDef action, long jobId, Instant started, Listener listener) {
        HealthCheck check = action.health();
        Watch watch = new Watch(action, jobId, started, listener);
        long first = Math.min(check.intervalMs(), 200);
        return ticks.scheduleWithFixedDelay(watch::tick, first, check.intervalMs(), TimeUnit.MILLISECONDS);
    }

    private final class Watch {
        private final ActionDef action;
        private final long jobId;
        private final Instant started;
        private final Listener listener;
        private final AtomicBoolean probing = new AtomicBoolean();
        private int failures;
        private Boolean healthy;
        /** Passed once: the check has become a liveness check. */
        private boolean passed;
        /** A log check: the last line looked at, and the compiled pattern. */
        private long logSeq;
        private final java.util.regex.Pattern pattern;

        Watch(ActionDef action, long jobId, Instant started, Listener listener) {
            this.action = action;
            this.jobId = jobId;
            this.started = started;
            this.listener = listener;
            this.pattern = action.health().type() == HealthType.LOG
                    ? java.util.regex.Pattern.compile(action.health().target()) : null;
        }

        void tick() {
            if (probing.compareAndSet(false, true)) {
                Thread.ofVirtual().name("hero-proc-probe").start(() -> {
                    try {
                        record(pattern != null ? (passed ? null : logMatch()) : probe(action, jobId));
                    } finally {
                        probing.set(false);
                    }
                });
            }
        }

        private synchronized void record(String failure) {
            HealthCheck check = action.health();
            if (failure == null) {
                failures = 0;
                passed = true;
                if (!Boolean.TRUE.equals(healthy)) {
                    healthy = true;
                    listener.changed(true, "ok");
                }
                return;
            }
            if (!passed) {
                // Readiness: not ready yet, until the start timeout says it never will be.
                if (!Instant.now().isBefore(started.plusMillis(check.startTimeoutMs())) && healthy == null) {
                    healthy = false;
                    listener.changed(false, "not ready within its start_timeout of "
                            + DurationText.format(check.startTimeoutMs()) + " (last " + check.type().wire()
                            + " check: " + failure + ")");
                }
                return;
            }
            if (Instant.now().isBefore(started.plusMillis(check.startPeriodMs()))) {
                return;
            }
            failures++;
            if (failures >= check.retries() && !Boolean.FALSE.equals(healthy)) {
                healthy = false;
                listener.changed(false, check.type().wire() + " check failed " + failures + " time"
                        + (failures == 1 ? "" : "s") + ": " + failure);
            }
        }

        /** Null once a line of the job's output matches the pattern, else "no line matched yet". */
        private String logMatch() {
            while (true) {
                List<LogEntry> lines = logs.job(jobId, logSeq, LOG_LINES_PER_PROBE, LogQuery.Filter.NONE);
                for (LogEntry line : lines) {
                    logSeq = Math.max(logSeq, line.seq());
                    if (!"system".equals(line.stream()) && pattern.matcher(line.line()).find()) {
                        return null;
                    }
                }
                if (lines.size() < LOG_LINES_PER_PROBE) {
                    return "no line of its output matched /" + pattern.pattern() + "/ yet";
                }
            }
        }
    }

    /** Null when healthy, else what went wrong. */
    private String probe(ActionDef action, long jobId) {
        HealthCheck check = action.health();
        Duration timeout = Duration.ofMillis(check.timeoutMs());
        try {
            return switch (check.type()) {
                case TCP -> tcp(check.target(), timeout);
                case HTTP -> http(check.target(), timeout);
                case EXEC -> exec(action, jobId, timeout);
                case LOG -> throw new IllegalStateException("a log check reads the job's output, it does not probe");
            };
        } catch (Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String tcp(String target, Duration timeout) throws Exception {
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, Integer.parseInt(target.substring(colon + 1))),
                    (int) timeout.toMillis());
            return null;
        }
    }

    private String http(String target, Duration timeout) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(timeout).GET()
                .build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        return status >= 200 && status < 400 ? null : "HTTP " + status;
    }

    private String exec(ActionDef action, long jobId, Duration timeout) throws Exception {
        Map<String, String> env = ChildEnvironment.of(System.getenv(), action, jobId);
        Path cwd = Path.of(action.cwd() != null ? action.cwd() : System.getProperty("user.dir"));
        RunningProcess probe = backend.spawn(new SpawnSpec(ShellWords.split(action.health().target()), env, cwd,
                action.user(), OutputListener.DISCARD));
        try {
            ExitStatus status = probe.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return status.exitCode() != null && status.exitCode() == 0 ? null : status.toString();
        } catch (TimeoutException e) {
            backend.signal(probe.id(), Signals.SIGKILL);
            return "timed out after " + timeout.toMillis() + " ms";
        }
    }
}
