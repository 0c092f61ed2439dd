package io.heroproc.process;

/**
 * What identifies a job on this host: its pid, its process group and its start time in clock
 * ticks since boot (field 22 of {@code /proc/<pid>/stat}); the start time tells a recycled pid
 * apart. {@code startTimeTicks} is -1 when the process was already gone when it was read.
 */
public record ProcessId(long pid, long pgid, long startTimeTicks) {

    /** Whether the process leads its own group, so group-wide operations are safe. */
    public boolean leadsGroup() {
        return pid == pgid;
    }
}
