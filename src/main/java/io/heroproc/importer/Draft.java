package io.heroproc.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hero-proc manifest an importer is writing: one action and one service per program, under
 * names hero-proc accepts, and the warnings gathered on the way.
 */
final class Draft {

    private static final int MAX_NAME = 63;
    /** The most replicas an action may have (the server's rule, {@code ActionRules.MAX_REPLICAS}). */
    static final long MAX_REPLICAS = 1000;

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ObjectNode actions = root.putObject("actions");
    private final ObjectNode services = root.putObject("services");
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();

    /**
     * The hero-proc name of a program ({@code [a-z0-9][a-z0-9_.-]{0,62}}), the same every time it
     * is asked; a changed name is reported once.
     */
    String name(String original, String field) {
        String known = names.get(original);
        if (known != null) {
            return known;
        }
        String n = original.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_").replaceFirst("^[^a-z0-9]+", "");
        if (n.isEmpty()) {
            n = "program";
        }
        if (n.length() > MAX_NAME) {
            n = n.substring(0, MAX_NAME);
        }
        String unique = n;
        for (int i = 2; taken.contains(unique); i++) {
            String suffix = "-" + i;
            unique = n.substring(0, Math.min(n.length(), MAX_NAME - suffix.length())) + suffix;
        }
        taken.add(unique);
        names.put(original, unique);
        if (!unique.equals(original)) {
            warn(field, "renamed to '" + unique + "' (hero-proc names are lower case letters, digits, '_', '.', '-')");
        }
        return unique;
    }

    boolean knows(String original) {
        return names.containsKey(original);
    }

    ObjectNode action(String name) {
        return actions.putObject(name);
    }

    ObjectNode service(String name) {
        return services.putObject(name);
    }

    ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    void warn(String field, String message) {
        warnings.add(field + ": " + message);
    }

    /** A setting hero-proc has no place for; {@code why} says what hero-proc does instead. */
    void dropped(String field, String why) {
        warn(field, "not carried over: " + why);
    }

    ImportedManifest done(String source) {
        return new ImportedManifest(source, root, warnings);
    }

    static String seconds(long s) {
        return s + "s";
    }
}
