package io.heroproc.registry;

import java.util.List;

/**
 * What applying a manifest did, by name: {@code {created: {actions, services}, updated: ...,
 * unchanged: ..., deleted: ...}}. {@code deleted} is only filled by a prune.
 */
public record ManifestResult(Names created, Names updated, Names unchanged, Names deleted) {

    /** Sorted action, service and webhook names. */
    public record Names(List<String> actions, List<String> services, List<String> webhooks) {

        public Names {
            actions = actions.stream().sorted().toList();
            services = services.stream().sorted().toList();
            webhooks = webhooks.stream().sorted().toList();
        }

        int size() {
            return actions.size() + services.size() + webhooks.size();
        }

        String describe() {
            return actions.size() + " action(s)" + list(actions) + ", " + services.size() + " service(s)"
                    + list(services) + (webhooks.isEmpty() ? "" : ", " + webhooks.size() + " webhook(s)"
                    + list(webhooks));
        }

        private static String list(List<String> names) {
            return names.isEmpty() ? "" : " " + names;
        }
    }

    /** Whether anything was written (or, in a dry run, would be). */
    public boolean changedAnything() {
        return created.size() + updated.size() + deleted.size() > 0;
    }

    /** One line for the log: counts and names of what changed. */
    public String summary() {
        if (!changedAnything()) {
            return "nothing changed (" + unchanged.size() + " unchanged)";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, "created", created);
        append(sb, "updated", updated);
        append(sb, "deleted", deleted);
        sb.append("; ").append(unchanged.size()).append(" unchanged");
        return sb.toString();
    }

    private static void append(StringBuilder sb, String what, Names names) {
        if (names.size() > 0) {
            sb.append(sb.isEmpty() ? "" : "; ").append(what).append(' ').append(names.describe());
        }
    }
}
