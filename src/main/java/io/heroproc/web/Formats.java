package io.heroproc.web;

import io.heroproc.model.Clock;
import io.heroproc.model.Run;
import io.heroproc.registry.DurationText;
import io.heroproc.status.ServiceStatus;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;

/** Human spellings of numbers and times for the dashboard templates. */
@TemplateExtension
public class Formats {

    static String uptime(ServiceStatus s) {
        return "running".equals(s.state()) && s.since() != null ? duration(Duration.between(s.since(), Instant.now()))
                : "";
    }

    static String rss(ServiceStatus s) {
        return bytes(s.rssBytes());
    }

    static String cpu(ServiceStatus s) {
        return s.cpuPercent() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f%%", s.cpuPercent());
    }

    static boolean live(ServiceStatus s) {
        return switch (s.state()) {
            case "running", "starting", "restarting", "stopping" -> true;
            default -> false;
        };
    }

    /** When the next attempt of a restarting service is due: "12:01:05, in 3.2 s". */
    static String nextRestart(ServiceStatus s) {
        if (s.nextRestartAt() == null) {
            return "";
        }
        double in = Math.max(0, Duration.between(Instant.now(), s.nextRestartAt()).toMillis()) / 1000.0;
        return Clock.hms(s.nextRestartAt()) + String.format(java.util.Locale.ROOT, ", in %.1f s", in);
    }

    /**
     * A run's status as shown: a run waiting out a restart backoff is stored as starting, and
     * shown as restarting, like its service (ServiceState).
     */
    static String state(Run run) {
        return run.endedAt == null && run.nextRestartAt != null ? "restarting" : run.status.wire();
    }

    static String pidList(ServiceStatus s) {
        return String.join(" ", s.pids().stream().map(String::valueOf).toList());
    }

    @TemplateExtension(namespace = "fmt")
    static String bytes(Long bytes) {
        if (bytes == null) {
            return "";
        }
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    /** 1500 → "1500ms", 90000 → "90s": as durations are written in manifests. */
    @TemplateExtension(namespace = "fmt")
    static String millis(Long millis) {
        return millis == null ? "" : DurationText.format(millis);
    }

    /** "TERM" or "SIGTERM" → "SIGTERM". */
    @TemplateExtension(namespace = "fmt")
    static String signal(String name) {
        return name == null ? "" : name.startsWith("SIG") ? name : "SIG" + name;
    }

    @TemplateExtension(namespace = "fmt")
    static String time(Instant at) {
        return at == null ? "" : Clock.hms(at);
    }

    @TemplateExtension(namespace = "fmt")
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }

    @TemplateExtension(namespace = "fmt")
    static String between(Instant from, Instant to) {
        return from == null ? "" : duration(Duration.between(from, to == null ? Instant.now() : to));
    }
}
