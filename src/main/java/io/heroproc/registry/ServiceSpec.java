package io.heroproc.registry;

import java.util.List;

/** A service as a client writes it (API body, manifest entry). */
public record ServiceSpec(String name, List<String> actions, List<String> requires, String wanted, Restart restart,
        Boolean essential, Schedule schedule) {

    public record Restart(String policy, Backoff backoff, String resetAfter, Integer maxRestarts) {
    }

    public record Backoff(String initial, Double factor, String max, Double jitter) {
    }

    /** {@code {cron: "0 3 * * *"}} or {@code {every: "30s"}}, with {@code overlap: skip|queue|replace}. */
    public record Schedule(String cron, String every, String overlap) {
    }
}
