package io.heroproc.events;

/**
 * Who caused a change: the source ({@code api}, {@code cli}, {@code dashboard}, {@code manifest},
 * {@code boot}, {@code supervisor}, {@code schedule}), the caller as the request guard knew it ({@code token},
 * {@code session:…}, {@code loopback} or the client's address), and its {@code User-Agent}.
 */
public record Origin(String source, String caller, String userAgent) {

    public static final Origin SUPERVISOR = new Origin("supervisor", null, null);
    public static final Origin BOOT = new Origin("boot", null, null);
    public static final Origin MANIFEST = new Origin("manifest", null, null);
    public static final Origin SCHEDULE = new Origin("schedule", null, null);
}
