package io.heroproc.process;

import java.time.Instant;

/** How a process ended: exactly one of {@code exitCode} and {@code signal} is non-null. */
public record ExitStatus(Integer exitCode, Integer signal, Instant at) {

    public ExitStatus {
        if ((exitCode == null) == (signal == null)) {
            throw new IllegalArgumentException("exactly one of exitCode and signal must be set");
        }
    }

    public static ExitStatus exited(int code, Instant at) {
        return new ExitStatus(code, null, at);
    }

    public static ExitStatus killed(int signal, Instant at) {
        return new ExitStatus(null, signal, at);
    }

    /** Decodes a {@code waitpid} status word (WIFEXITED / WIFSIGNALED). */
    static ExitStatus fromWaitStatus(int status, Instant at) {
        int termSig = status & 0x7f;
        return termSig == 0 ? exited((status >> 8) & 0xff, at) : killed(termSig, at);
    }

    @Override
    public String toString() {
        return exitCode != null ? "exit " + exitCode : "signal " + signal + " (" + Signals.name(signal) + ")";
    }
}
