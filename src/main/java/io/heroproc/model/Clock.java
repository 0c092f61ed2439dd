package io.heroproc.model;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Wall-clock times in reasons ("exit 2 at 12:01:03"), in the supervisor's time zone. */
public final class Clock {

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Clock() {
    }

    public static String hms(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).format(HMS);
    }
}
