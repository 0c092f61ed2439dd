package io.heroproc.registry;

import java.util.List;
import java.util.Map;

/**
 * An action as a client writes it (API body, manifest entry). Strings stay strings here, so that
 * a bad value is reported with its field name instead of as unreadable JSON.
 */
public record ActionSpec(String name, String interpreter, String script, String kind, String timeout,
        Map<String, String> env, String cwd, String user, List<DependsOn> dependsOn, Health health, Stop stop,
        List<String> passEnv) {

    public record DependsOn(String action, String condition) {
    }

    public record Health(String type, String target, String interval, String timeout, Integer retries,
            String startPeriod) {
    }

    public record Stop(String signal, String grace, String leftovers) {
    }
}
