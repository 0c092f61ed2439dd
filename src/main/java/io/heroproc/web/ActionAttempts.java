package io.heroproc.web;

import io.heroproc.model.Job;

/**
 * One action of a run, its attempts collapsed: the latest job, how many attempts there were,
 * how many of them are still kept (a crash loop keeps only its latest ones) and how many of
 * those failed. A crash loop reads "attempt 7 of 7, 6 crashes" instead of seven rows.
 *
 * @param attempts the latest attempt's number: every attempt there was, kept or not
 * @param kept the attempts whose jobs are still stored
 * @param crashes the kept attempts that failed
 */
public record ActionAttempts(Job latest, int attempts, int kept, int crashes) {

    /** "attempt 7 of 7, 6 crashes"; empty for a first attempt that did not fail. */
    public String summary() {
        return attempts <= 1 && crashes == 0 ? "" : full();
    }

    /** "attempt 1 of 1", "attempt 7 of 7, 6 crashes", "attempt 57 of 57, 19 crashes in the last 20". */
    public String full() {
        String of = "attempt " + latest.attempt + " of " + attempts;
        if (crashes == 0) {
            return of;
        }
        return of + ", " + crashes + (crashes == 1 ? " crash" : " crashes") + (kept < attempts ? " in the last "
                + kept : "");
    }

    /** Earlier attempts no longer stored. */
    public int forgotten() {
        return Math.max(0, attempts - kept);
    }
}
