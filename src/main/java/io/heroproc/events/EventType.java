package io.heroproc.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an event records; {@link #wire()} is its name in the API, the CLI and webhooks. */
public enum EventType {
    HERO_PROC_STARTED("hero-proc.started"),
    HERO_PROC_STOPPING("hero-proc.stopping"),
    ACTION_CREATED("action.created"),
    ACTION_CHANGED("action.changed"),
    ACTION_DELETED("action.deleted"),
    SERVICE_CREATED("service.created"),
    SERVICE_CHANGED("service.changed"),
    SERVICE_DELETED("service.deleted"),
    SERVICE_WANTED("service.wanted"),
    SERVICE_STATE("service.state"),
    SERVICE_SIGNALLED("service.signalled"),
    MANIFEST_APPLIED("manifest.applied"),
    RUN_STARTED("run.started"),
    RUN_ENDED("run.ended"),
    JOB_STARTED("job.started"),
    JOB_EXITED("job.exited"),
    JOB_RESTARTING("job.restarting"),
    JOB_HEALTH("job.health"),
    SERVICE_GAVE_UP("service.gave-up"),
    SCHEDULE_FIRED("schedule.fired"),
    WEBHOOK_FAILED("webhook.failed");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.wire.equals(t)).findFirst();
    }

    static String choices() {
        return String.join(", ", Arrays.stream(values()).map(EventType::wire).toList());
    }
}
