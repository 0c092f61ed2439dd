package io.heroproc.web;

import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import io.heroproc.process.Signals;
import io.quarkus.qute.TemplateExtension;
import java.util.regex.Pattern;

/**
 * How a job ended, as a person reads it: a label (which picks the badge colour) and what ended
 * it. A process job stopped on request is stored as succeeded with signal 15, which read as
 * "succeeded, signal 15"; here it is "stopped (SIGTERM)".
 */
public record JobOutcome(String label, String detail) {

    /** The job's own reason when hero-proc stopped it because it was asked to (RunDriver's wording). */
    private static final String ON_REQUEST = "stopped on request";
    /** Reasons that only repeat the outcome: "exit 3 at 12:01:03", "stopped on request (signal 15 (SIGTERM))". */
    private static final Pattern REPEATS_OUTCOME = Pattern.compile(
            "(exit \\d+|signal \\d+ \\(SIG\\w+\\))( at \\d\\d:\\d\\d:\\d\\d)?|" + ON_REQUEST + " \\(.*\\)");

    static JobOutcome of(Job job) {
        String how = job.signal != null ? Signals.name(job.signal)
                : job.exitCode != null ? "exit " + job.exitCode : null;
        if (job.phase == JobPhase.SUCCEEDED || job.phase == JobPhase.FAILED) {
            boolean onRequest = job.reason != null && job.reason.startsWith(ON_REQUEST);
            return new JobOutcome(onRequest ? "stopped" : job.phase.wire(), how);
        }
        return new JobOutcome(job.phase.wire(), null);
    }

    /** "stopped (SIGTERM)", "failed (exit 2)", "running". */
    @Override
    public String toString() {
        return detail == null ? label : label + " (" + detail + ")";
    }

    /** The outcome of a job, for templates: {@code {job.outcome}}. */
    @TemplateExtension
    static JobOutcome outcome(Job job) {
        return of(job);
    }

    /**
     * The job's reason when it says more than its outcome already does ("unhealthy: …", "timed
     * out after 30s, signal 15 …"); empty when it only repeats it.
     */
    @TemplateExtension
    static String note(Job job) {
        String reason = job.reason == null ? "" : job.reason;
        return REPEATS_OUTCOME.matcher(reason).matches() ? "" : reason;
    }
}
