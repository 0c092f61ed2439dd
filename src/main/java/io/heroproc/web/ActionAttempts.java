package io.heroproc.web;

import io.heroproc.model.Job;

/**
 * One action of a run, its attempts collapsed: the latest job, how many attempts there were and
 * how many of them failed. A crash loop reads "attempt 7 of 7, 6 crashes" instead of seven rows.
 */
public record ActionAttempts(Job latest, int attempts, int crashes) {

    /** "attempt 7 of 7, 6 crashes"; empty for a first attempt that did not fail. */
    public String summary() {
        return attempts <= 1 && crashes == 0 ? "" : full();
    }

    /** "attempt 1 of 1", "attempt 7 of 7, 6 crashes". */
    public String full() {
        String of = "attempt " + latest.attempt + " of " + attempts;
        return crashes == 0 ? of : of + ", " + crashes + (crashes == 1 ? " crash" : " crashes");
    }
}
