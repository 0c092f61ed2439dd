package io.heroproc.registry;

import io.heroproc.model.Action;
import io.heroproc.model.Webhook;
import io.heroproc.model.Dependency;
import io.heroproc.model.Service;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a manifest inside the caller's transaction: every entry is checked on its own, then the
 * whole resulting catalog is checked, and only then is anything written. Identical definitions are
 * left alone (no {@code updated_at} change, no event). A prune deletes what the manifest no longer
 * declares, together with the actions a quick service generated for a deleted service, and refuses
 * when a declared object still refers to something it would delete.
 */
final class ManifestApply {

    private ManifestApply() {
    }

    static ManifestResult apply(Manifest manifest, boolean prune, boolean dryRun, Event<CatalogChanged> changed,
            CatalogEvents events) {
        Violations v = new Violations();
        Map<String, ActionDef> actions = new LinkedHashMap<>();
        Map<String, Violations> actionViolations = new LinkedHashMap<>();
        manifest.actions().forEach((name, spec) -> {
            Violations av = v.under("actions." + name);
            actionViolations.put(name, av);
            if (spec == null) {
                av.add("", "must be an action object {script, interpreter, kind, ...}");
            } else {
                actions.put(name, ActionRules.check(name, spec, av));
            }
        });
        Map<String, ServiceDef> services = new LinkedHashMap<>();
        Map<String, Violations> serviceViolations = new LinkedHashMap<>();
        manifest.services().forEach((name, spec) -> {
            Violations sv = v.under("services." + name);
            serviceViolations.put(name, sv);
            if (spec == null) {
                sv.add("", "must be a service object {actions, requires, wanted, ...}");
            } else {
                services.put(name, ServiceRules.check(name, spec, sv));
            }
        });
        Map<String, WebhookRules.WebhookDef> webhooks = new LinkedHashMap<>();
        manifest.webhooks().forEach((name, spec) -> {
            WebhookRules.WebhookDef def = WebhookRules.check(name, spec, v.under("webhooks." + name));
            if (def != null) {
                webhooks.put(name, def);
            }
        });
        v.throwIfAny();

        Catalog before = Catalog.load();
        Catalog draft = Catalog.load();
        // A quick service's action stays its service's, as with a plain PUT.
        actions.replaceAll((name, def) -> {
            ActionDef previous = before.actions.get(name);
            def = SecretEnv.keepStored(def, previous, v.under("actions." + name));
            return previous != null && previous.generatedBy() != null ? def.generatedBy(previous.generatedBy()) : def;
        });
        v.throwIfAny();
        draft.actions.putAll(actions);
        draft.services.putAll(services);

        Set<String> pruneServices = new TreeSet<>();
        Set<String> pruneActions = new TreeSet<>();
        if (prune) {
            for (String name : before.services.keySet()) {
                if (!services.containsKey(name)) {
                    pruneServices.add(name);
                }
            }
            for (ActionDef action : before.actions.values()) {
                String owner = action.generatedBy();
                boolean ownerKept = owner != null && services.containsKey(owner);
                if (!actions.containsKey(action.name()) && !ownerKept) {
                    pruneActions.add(action.name());
                }
            }
            refuseBrokenReferences(draft, services.keySet(), actions.keySet(), pruneServices, pruneActions, v);
            v.throwIfAny();
            pruneServices.forEach(draft.services::remove);
            pruneActions.forEach(draft.actions::remove);
        }
        CatalogRules.check(draft, actionViolations, serviceViolations);
        v.throwIfAny();

        List<String> createdActions = new ArrayList<>();
        List<String> updatedActions = new ArrayList<>();
        List<String> unchangedActions = new ArrayList<>();
        actions.forEach((name, def) -> sort(before.actions.get(name), def, createdActions, updatedActions,
                unchangedActions, name));
        List<String> createdServices = new ArrayList<>();
        List<String> updatedServices = new ArrayList<>();
        List<String> unchangedServices = new ArrayList<>();
        services.forEach((name, def) -> sort(before.services.get(name), def, createdServices, updatedServices,
                unchangedServices, name));
        Map<String, Webhook> storedHooks = new LinkedHashMap<>();
        Webhook.allByName().forEach(w -> storedHooks.put(w.name, w));
        List<String> createdHooks = new ArrayList<>();
        List<String> updatedHooks = new ArrayList<>();
        List<String> unchangedHooks = new ArrayList<>();
        webhooks.forEach((name, def) -> {
            Webhook w = storedHooks.get(name);
            (w == null ? createdHooks : w.url.equals(def.url()) && w.types.equals(def.types()) ? unchangedHooks
                    : updatedHooks).add(name);
        });
        List<String> pruneHooks = prune ? storedHooks.keySet().stream().filter(n -> !webhooks.containsKey(n)).toList()
                : List.of();
        ManifestResult result = new ManifestResult(
                new ManifestResult.Names(createdActions, createdServices, createdHooks),
                new ManifestResult.Names(updatedActions, updatedServices, updatedHooks),
                new ManifestResult.Names(unchangedActions, unchangedServices, unchangedHooks),
                new ManifestResult.Names(List.copyOf(pruneActions), List.copyOf(pruneServices), pruneHooks));
        if (dryRun || !result.changedAnything()) {
            return result;
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (String name : pruneServices) {
            Service.delete("name", name);
            events.service(before.services.get(name), null);
        }
        for (String name : pruneActions) {
            Action.delete("name", name);
            events.action(before.actions.get(name), null);
        }
        for (String name : createdActions) {
            write(new Action(), actions.get(name), now, true);
            events.action(null, actions.get(name));
        }
        for (String name : updatedActions) {
            write(Action.byName(name).orElseThrow(), actions.get(name), now, false);
            events.action(before.actions.get(name), actions.get(name));
        }
        for (String name : createdServices) {
            write(new Service(), services.get(name), now, true);
            events.service(null, services.get(name));
        }
        for (String name : updatedServices) {
            write(Service.byName(name).orElseThrow(), services.get(name), now, false);
            events.service(before.services.get(name), services.get(name));
        }
        for (String name : pruneHooks) {
            Webhook.deleteById(name);
        }
        for (String name : createdHooks) {
            Webhook w = new Webhook();
            w.name = name;
            w.createdAt = now;
            // A new webhook gets what happens from now on, not the whole history.
            w.delivered = ((Number) Webhook.getEntityManager().createNativeQuery(
                    "SELECT coalesce(max(id), 0) FROM events").getSingleResult()).longValue();
            write(w, webhooks.get(name), now);
        }
        for (String name : updatedHooks) {
            write(storedHooks.get(name), webhooks.get(name), now);
        }
        events.manifestApplied(result, prune);

        // The supervisor looks again at every service whose definition, or one of whose actions, changed.
        Set<String> affected = new TreeSet<>();
        affected.addAll(createdServices);
        affected.addAll(updatedServices);
        affected.addAll(pruneServices);
        for (String name : updatedActions) {
            affected.addAll(draft.servicesUsing(name));
        }
        // The services written here go with their definitions: observers need not read 1,000 of them back.
        Map<String, ServiceDef> written = new HashMap<>();
        createdServices.forEach(name -> written.put(name, services.get(name)));
        updatedServices.forEach(name -> written.put(name, services.get(name)));
        changed.fire(new CatalogChanged(Set.copyOf(affected), Map.copyOf(written)));
        return result;
    }

    private static <T> void sort(T previous, T def, List<String> created, List<String> updated,
            List<String> unchanged, String name) {
        if (previous == null) {
            created.add(name);
        } else if (previous.equals(def)) {
            unchanged.add(name);
        } else {
            updated.add(name);
        }
    }

    /** A prune must not delete what a declared (kept) object still refers to. */
    private static void refuseBrokenReferences(Catalog draft, Set<String> keptServices, Set<String> keptActions,
            Set<String> pruneServices, Set<String> pruneActions, Violations v) {
        for (String name : keptServices) {
            ServiceDef service = draft.services.get(name);
            List<String> requires = service.requires();
            for (int i = 0; i < requires.size(); i++) {
                if (pruneServices.contains(requires.get(i))) {
                    v.add("services." + name + ".requires[" + i + "]", "service '" + requires.get(i)
                            + "' is not in the manifest, so the prune would delete it while '" + name
                            + "' requires it; declare it or remove the requirement");
                }
            }
            List<String> used = service.actions();
            for (int i = 0; i < used.size(); i++) {
                if (pruneActions.contains(used.get(i))) {
                    v.add("services." + name + ".actions[" + i + "]", "action '" + used.get(i)
                            + "' is not in the manifest, so the prune would delete it while service '" + name
                            + "' runs it; declare it or remove it from the service");
                }
            }
        }
        for (String name : keptActions) {
            List<Dependency> deps = draft.actions.get(name).dependsOn();
            for (int i = 0; i < deps.size(); i++) {
                if (pruneActions.contains(deps.get(i).action())) {
                    v.add("actions." + name + ".depends_on[" + i + "].action", "action '" + deps.get(i).action()
                            + "' is not in the manifest, so the prune would delete it while '" + name
                            + "' depends on it; declare it or remove the dependency");
                }
            }
        }
    }

    private static void write(Webhook w, WebhookRules.WebhookDef def, Instant now) {
        w.url = def.url();
        w.types = def.types();
        w.updatedAt = now;
        w.persist();
    }

    private static void write(Action action, ActionDef def, Instant now, boolean created) {
        if (created) {
            action.createdAt = now;
        }
        def.copyTo(action);
        action.updatedAt = now;
        action.persist();
    }

    private static void write(Service service, ServiceDef def, Instant now, boolean created) {
        if (created) {
            service.createdAt = now;
        }
        def.copyTo(service);
        service.updatedAt = now;
        service.persist();
    }
}
