package io.heroproc.registry;

import io.heroproc.events.Event;
import io.heroproc.events.EventStore;
import io.heroproc.events.EventType;
import io.heroproc.events.Origins;
import io.heroproc.model.Wanted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The events of catalog changes, recorded in the registry's transaction: what was created,
 * changed (with a diff of the fields) or deleted, and by whom.
 */
@ApplicationScoped
public class CatalogEvents {

    @Inject
    EventStore store;

    @Inject
    Origins origins;

    void action(ActionDef before, ActionDef after) {
        change("action", before == null ? null : before.fields(), after == null ? null : after.fields(),
                before == null ? after.name() : before.name(), EventType.ACTION_CREATED, EventType.ACTION_CHANGED,
                EventType.ACTION_DELETED, null);
    }

    void service(ServiceDef before, ServiceDef after) {
        String name = before == null ? after.name() : before.name();
        change("service", before == null ? null : before.fields(), after == null ? null : after.fields(), name,
                EventType.SERVICE_CREATED, EventType.SERVICE_CHANGED, EventType.SERVICE_DELETED, name);
    }

    void wanted(String service, Wanted from, Wanted to) {
        record(EventType.SERVICE_WANTED, service, null, "wanted of " + service + ": " + from.wire() + " → " + to.wire(),
                Map.of("from", from.wire(), "to", to.wire()));
    }

    void manifestApplied(ManifestResult r, boolean prune) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("created", names(r.created()));
        data.put("updated", names(r.updated()));
        data.put("deleted", names(r.deleted()));
        data.put("prune", prune);
        int changed = r.created().actions().size() + r.created().services().size() + r.updated().actions().size()
                + r.updated().services().size() + r.deleted().actions().size() + r.deleted().services().size();
        record(EventType.MANIFEST_APPLIED, null, null, "manifest applied: " + changed + " change" + (changed == 1 ? ""
                : "s"), data);
    }

    private static Map<String, Object> names(ManifestResult.Names n) {
        return Map.of("actions", n.actions(), "services", n.services());
    }

    private void change(String kind, Map<String, Object> before, Map<String, Object> after, String name,
            EventType created, EventType changed, EventType deleted, String service) {
        String action = kind.equals("action") ? name : null;
        if (before == null) {
            record(created, service, action, kind + " " + name + " created", Map.of());
        } else if (after == null) {
            record(deleted, service, action, kind + " " + name + " deleted", Map.of());
        } else {
            Map<String, Object> diff = diff(before, after);
            if (!diff.isEmpty()) {
                record(changed, service, action, kind + " " + name + " changed: " + String.join(", ", diff.keySet()),
                        Map.of("diff", diff));
            }
        }
    }

    /**
     * {@code field: {from, to}} for each field that differs; for the environment only which
     * variables were added, removed or changed, never their values.
     */
    static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> diff = new LinkedHashMap<>();
        for (String field : after.keySet()) {
            Object was = before.get(field);
            Object is = after.get(field);
            if (Objects.equals(was, is)) {
                continue;
            }
            if (field.equals("env") && was instanceof Map<?, ?> w && is instanceof Map<?, ?> n) {
                diff.put(field, Map.of("added", keys(n, w, false), "removed", keys(w, n, false), "changed",
                        keys(n, w, true)));
            } else {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("from", was);
                change.put("to", is);
                diff.put(field, change);
            }
        }
        return diff;
    }

    /** Keys of {@code a} missing from {@code b} ({@code changed}: present in both with another value). */
    private static List<String> keys(Map<?, ?> a, Map<?, ?> b, boolean changed) {
        TreeSet<String> out = new TreeSet<>();
        a.forEach((k, v) -> {
            if (changed ? b.containsKey(k) && !Objects.equals(v, b.get(k)) : !b.containsKey(k)) {
                out.add(String.valueOf(k));
            }
        });
        return List.copyOf(out);
    }

    private void record(EventType type, String service, String action, String message, Map<String, Object> data) {
        store.record(Event.of(type, service, action, null, null, origins.current(), message, data));
    }
}
