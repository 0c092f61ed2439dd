package io.heroproc.supervisor;

import io.heroproc.model.HealthCheck;
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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action's health check every interval and reports each change between healthy and
 * unhealthy. Failures inside the start period do not count; {@code retries} failures in a row
 * make the job unhealthy. Probes run on virtual threads; only the reports go to the loop.
 */
final class HealthProber {

    /** Receives health changes: healthy, or unhealthy with the reason. */
    interface Listener {
        void changed(boolean healthy, String detail);
    }

    private final ProcessBackend backend;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hero-proc-health").daemon().factory());
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HealthProber(ProcessBackend backend) {
        this.backend = backend;
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

        Watch(ActionDef action, long jobId, Instant started, Listener listener) {
            this.action = action;
            this.jobId = jobId;
            this.started = started;
            this.listener = listener;
        }

        void tick() {
            if (probing.compareAndSet(false, true)) {
                Thread.ofVirtual().name("hero-proc-probe").start(() -> {
                    try {
                        record(probe(action, jobId));
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
                if (!Boolean.TRUE.equals(healthy)) {
                    healthy = true;
                    listener.changed(true, "ok");
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
