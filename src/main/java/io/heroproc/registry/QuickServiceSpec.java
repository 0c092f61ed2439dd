package io.heroproc.registry;

import java.util.Map;

/** One command turned into action {@code NAME_action} and service {@code NAME} in one step. */
public record QuickServiceSpec(String name, String command, String interpreter, String kind, Map<String, String> env,
        String cwd, Boolean start) {
}
