package io.heroproc.process;

/** A process reaped by hero-proc that it did not spawn: a descendant orphaned by its parent. */
public record ReapedOrphan(long pid, ExitStatus status) {
}
