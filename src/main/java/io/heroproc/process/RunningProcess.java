package io.heroproc.process;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A job spawned by a {@link ProcessBackend}. {@code exit} completes (on a virtual thread) once the
 * process has exited and been reaped; it does not wait for its output, which may still be
 * draining: {@link OutputListener#onEnd} marks the end of each stream.
 */
public record RunningProcess(ProcessId id, Instant startedAt, CompletableFuture<ExitStatus> exit) {

    public long pid() {
        return id.pid();
    }
}
