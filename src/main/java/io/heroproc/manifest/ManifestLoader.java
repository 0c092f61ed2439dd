package io.heroproc.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.registry.FieldError;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.ManifestReader;
import io.heroproc.registry.ManifestResult;
import io.heroproc.registry.Registry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Applies the configured manifest ({@code hero-proc.manifest}, a file or a directory) at boot and
 * again on every SIGHUP. The boot load runs once the database is migrated (Flyway runs before the
 * startup event) and before the supervisor starts, so the supervisor's first look already sees
 * the manifest's definitions. A manifest that cannot be read or is refused changes nothing: the
 * error is logged with every field it names, the stored definitions stay, hero-proc carries on.
 */
@ApplicationScoped
public class ManifestLoader {

    private static final Logger LOG = Logger.getLogger(ManifestLoader.class);
    private static final String HUP = "HUP";

    /** How one load ended: a result, or the errors that refused it. */
    public record Outcome(long number, Instant at, String trigger, ManifestResult result, List<FieldError> errors) {

        public boolean applied() {
            return result != null;
        }
    }

    @Inject
    HeroProcConfig config;

    @Inject
    Registry registry;

    @Inject
    ObjectMapper mapper;

    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong loads = new AtomicLong();
    private volatile Outcome last;
    private volatile ExecutorService worker;
    private volatile SignalHandler previousHup;
    private volatile boolean hupInstalled;

    // Before the supervisor (priority 100) takes its first look at the catalog.
    void onStart(@Observes @Priority(90) StartupEvent event) {
        Optional<Path> path = path();
        if (path.isEmpty()) {
            LOG.debug("no manifest configured (hero-proc.manifest / HERO_PROC_MANIFEST)");
            return;
        }
        LOG.infof("manifest: loading %s at boot%s", path.get().toAbsolutePath(),
                config.manifestPrune() ? " (prune: what it does not declare is deleted)" : "");
        load("boot");
        // The worker sees the application's classes through the booting thread's context class
        // loader; the JVM's signal thread (which would otherwise create it) has the system one.
        ClassLoader appLoader = Thread.currentThread().getContextClassLoader();
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = Thread.ofPlatform().name("manifest-reload").daemon().unstarted(runnable);
            t.setContextClassLoader(appLoader);
            return t;
        });
        installHupHandler(path.get());
    }

    void onStop(@Observes @Priority(50) ShutdownEvent event) {
        if (hupInstalled) {
            try {
                Signal.handle(new Signal(HUP), previousHup);
            } catch (IllegalArgumentException e) {
                LOG.debugf("could not restore the previous SIGHUP handler: %s", e.getMessage());
            }
            hupInstalled = false;
        }
        ExecutorService w = worker;
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    private Optional<Path> path() {
        return config.manifest().map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
    }

    private void installHupHandler(Path path) {
        try {
            previousHup = Signal.handle(new Signal(HUP), signal -> reloadLater("SIGHUP"));
            hupInstalled = true;
            LOG.infof("manifest: SIGHUP reloads %s", path.toAbsolutePath());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // E.g. the JVM runs with -Xrs, or SIGHUP is ignored (nohup).
            LOG.warnf("manifest: cannot handle SIGHUP (%s); restart hero-proc to reload %s", e.getMessage(), path);
        }
    }

    /**
     * Queues a reload on the worker thread (a signal handler must not do the work itself); a
     * request made while one is already waiting joins it.
     */
    public void reloadLater(String trigger) {
        ExecutorService w = worker;
        if (w == null || w.isShutdown()) {
            return;
        }
        if (queued.compareAndSet(false, true)) {
            LOG.infof("manifest: %s received, reloading", trigger);
            try {
                w.execute(() -> {
                    queued.set(false);
                    try {
                        load(trigger);
                    } catch (Throwable e) {
                        LOG.errorf(e, "manifest: the %s reload failed", trigger);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    /** Reads and applies the configured manifest now; never throws. */
    Outcome load(String trigger) {
        Optional<Path> configured = path();
        if (configured.isEmpty()) {
            return null;
        }
        Path path = configured.get().toAbsolutePath();
        boolean prune = config.manifestPrune();
        ManifestReader.Loaded loaded = null;
        Outcome outcome;
        try {
            loaded = new ManifestReader(mapper).read(path);
            ManifestResult result = registry.apply(loaded.manifest(), prune, false);
            outcome = new Outcome(loads.incrementAndGet(), Instant.now(), trigger, result, List.of());
            LOG.infof("manifest %s applied (%s%s): %s", path, trigger, prune ? ", prune" : "", result.summary());
        } catch (InvalidSpecException e) {
            outcome = new Outcome(loads.incrementAndGet(), Instant.now(), trigger, null, e.errors());
            LOG.errorf("manifest %s refused (%s); nothing was changed, the stored definitions stay:%s", path, trigger,
                    describe(e.errors(), loaded));
        } catch (RuntimeException e) {
            outcome = new Outcome(loads.incrementAndGet(), Instant.now(), trigger, null,
                    List.of(new FieldError("manifest", String.valueOf(e.getMessage()))));
            LOG.errorf(e, "manifest %s could not be applied (%s); nothing was changed, the stored definitions stay",
                    path, trigger);
        }
        last = outcome;
        return outcome;
    }

    private static String describe(List<FieldError> errors, ManifestReader.Loaded loaded) {
        StringBuilder sb = new StringBuilder();
        for (FieldError e : errors) {
            Path file = loaded == null || loaded.files().size() < 2 ? null : loaded.fileOf(e.field());
            sb.append("\n  ").append(e.field()).append(file == null ? "" : " (" + file.getFileName() + ")")
                    .append(": ").append(e.message());
        }
        return sb.toString();
    }

    /** The latest load's outcome (null before the first); for status pages and tests. */
    public Outcome last() {
        return last;
    }

    /** Whether SIGHUP is routed to {@link #reloadLater}. */
    public boolean handlesSighup() {
        return hupInstalled;
    }
}
