package io.heroproc.registry;

import io.heroproc.model.Action;
import io.heroproc.model.Service;
import io.heroproc.model.Wanted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores actions and services. Every write validates the whole resulting catalog first, then
 * writes in one transaction: a refused request changes nothing.
 */
@ApplicationScoped
public class Registry {

    @Inject
    Event<CatalogChanged> changed;

    @Inject
    CatalogEvents events;

    /** What a put did: created, or replaced (possibly with identical content). */
    public record Put<T>(T stored, boolean created) {
    }

    @Transactional
    public Put<Action> putAction(String name, ActionSpec spec) {
        Violations v = new Violations();
        ActionDef def = ActionRules.check(name, spec, v);
        v.throwIfAny();
        Catalog draft = Catalog.load();
        ActionDef previous = draft.actions.get(name);
        def = SecretEnv.keepStored(def, previous, v);
        v.throwIfAny();
        if (previous != null && previous.generatedBy() != null) {
            def = def.generatedBy(previous.generatedBy());
        }
        draft.actions.put(name, def);
        CatalogRules.check(draft, Map.of(name, v), Map.of());
        v.throwIfAny();
        Put<Action> put = writeAction(def);
        events.action(previous, def);
        changed.fire(new CatalogChanged(Set.copyOf(draft.servicesUsing(name))));
        return put;
    }

    /**
     * Sets how many replicas of {@code action} (one of {@code service}'s process actions) run;
     * returns the services that use the action, whose live runs the supervisor then scales.
     */
    @Transactional
    public List<String> scale(String service, String action, Integer replicas) {
        Catalog draft = Catalog.load();
        ServiceDef s = draft.services.get(service);
        if (s == null) {
            throw new UnknownNameException("service", service);
        }
        Violations v = new Violations();
        if (action == null || !s.actions().contains(action)) {
            v.add("action", action == null ? "is required: the name of one of " + service + "'s actions"
                    : "'" + Rules.shorten(action) + "' is not one of " + service + "'s actions " + s.actions());
        }
        if (replicas == null) {
            v.add("replicas", "is required: a number from 0 to " + ActionRules.MAX_REPLICAS);
        }
        v.throwIfAny();
        ActionDef previous = draft.actions.get(action);
        ActionRules.replicas(v, replicas, previous.kind());
        v.throwIfAny();
        ActionDef def = new ActionDef(previous.name(), previous.interpreter(), previous.script(), previous.kind(),
                previous.timeoutMs(), previous.env(), previous.cwd(), previous.user(), previous.dependsOn(),
                previous.health(), previous.stopSignal(), previous.stopGraceMs(), previous.keepLeftovers(),
                previous.generatedBy(), previous.passEnv(), previous.secretEnv(), previous.envFiles(),
                previous.successExitCodes(), previous.stopCommand(), replicas);
        if (!def.equals(previous)) {
            writeAction(def);
            events.action(previous, def);
        }
        return List.copyOf(draft.servicesUsing(action));
    }

    @Transactional
    public void deleteAction(String name) {
        Action action = Action.byName(name).orElseThrow(() -> new UnknownNameException("action", name));
        Catalog catalog = Catalog.load();
        var users = catalog.servicesUsing(name);
        if (!users.isEmpty()) {
            throw new ConflictException("name", "action '" + name + "' is used by service(s) " + String.join(", ", users)
                    + "; remove it from them first");
        }
        var dependents = catalog.actionsDependingOn(name);
        if (!dependents.isEmpty()) {
            throw new ConflictException("name", "action(s) " + String.join(", ", dependents) + " depend on action '"
                    + name + "'; change or delete them first");
        }
        action.delete();
        events.action(ActionDef.of(action), null);
    }

    @Transactional
    public Put<Service> putService(String name, ServiceSpec spec) {
        Violations v = new Violations();
        ServiceDef def = ServiceRules.check(name, spec, v);
        v.throwIfAny();
        Catalog draft = Catalog.load();
        ServiceDef previous = draft.services.put(name, def);
        CatalogRules.check(draft, Map.of(), Map.of(name, v));
        v.throwIfAny();
        Put<Service> put = writeService(def);
        events.service(previous, def);
        changed.fire(CatalogChanged.written(def));
        return put;
    }

    /** Deletes a service and the actions a quick service generated for it. */
    @Transactional
    public void deleteService(String name) {
        Service service = Service.byName(name).orElseThrow(() -> new UnknownNameException("service", name));
        Catalog catalog = Catalog.load();
        var dependents = catalog.servicesRequiring(name);
        if (!dependents.isEmpty()) {
            throw new ConflictException("name", "service '" + name + "' is required by " + String.join(", ", dependents)
                    + "; change or delete them first");
        }
        service.delete();
        events.service(catalog.services.remove(name), null);
        for (String actionName : service.actions) {
            ActionDef action = catalog.actions.get(actionName);
            if (action != null && name.equals(action.generatedBy()) && catalog.servicesUsing(actionName).isEmpty()
                    && catalog.actionsDependingOn(actionName).isEmpty()) {
                Action.delete("name", actionName);
                events.action(action, null);
            }
        }
        changed.fire(new CatalogChanged(Set.of(name)));
    }

    @Transactional
    public Service setWanted(String name, String wanted) {
        Violations v = new Violations();
        Wanted w = ServiceRules.wanted(v, "wanted", wanted);
        if (wanted == null) {
            v.add("wanted", "is required");
        }
        v.throwIfAny();
        Service service = Service.byName(name).orElseThrow(() -> new UnknownNameException("service", name));
        if (service.wanted != w) {
            events.wanted(name, service.wanted, w);
            service.wanted = w;
            service.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            changed.fire(new CatalogChanged(Set.of(name)));
        }
        return service;
    }

    /** Creates action {@code NAME_action} and service {@code NAME} together, or neither. */
    @Transactional
    public Service quickService(QuickServiceSpec spec) {
        QuickServiceSpecs.Pair pair = QuickServiceSpecs.split(spec);
        Violations v = new Violations();
        ActionDef action = ActionRules.check(pair.actionName(), pair.action(), v).generatedBy(spec.name());
        ServiceDef service = ServiceRules.check(spec.name(), pair.service(), v);
        v.throwIfAny(field -> field.equals("script") ? "command" : field);
        if (Service.byName(spec.name()).isPresent()) {
            throw new ConflictException("name", "service '" + spec.name() + "' already exists");
        }
        if (Action.byName(pair.actionName()).isPresent()) {
            throw new ConflictException("name", "action '" + pair.actionName() + "' already exists");
        }
        // Both are known to be new: no second look-up of each.
        writeAction(action, null);
        Service stored = writeService(service, null).stored();
        events.action(null, action);
        events.service(null, service);
        changed.fire(CatalogChanged.written(service));
        return stored;
    }

    private static Put<Action> writeAction(ActionDef def) {
        return writeAction(def, Action.byName(def.name()).orElse(null));
    }

    /** {@code action}: the stored action of that name, null if there is none. */
    private static Put<Action> writeAction(ActionDef def, Action action) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean created = action == null;
        if (created) {
            action = new Action();
            action.createdAt = now;
        } else if (ActionDef.of(action).equals(def)) {
            return new Put<>(action, false);
        }
        def.copyTo(action);
        action.updatedAt = now;
        action.persist();
        return new Put<>(action, created);
    }

    private static Put<Service> writeService(ServiceDef def) {
        return writeService(def, Service.byName(def.name()).orElse(null));
    }

    /** {@code service}: the stored service of that name, null if there is none. */
    private static Put<Service> writeService(ServiceDef def, Service service) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean created = service == null;
        if (created) {
            service = new Service();
            service.createdAt = now;
        } else if (ServiceDef.of(service).equals(def)) {
            return new Put<>(service, false);
        }
        def.copyTo(service);
        service.updatedAt = now;
        service.persist();
        return new Put<>(service, created);
    }

    /**
     * Applies a manifest in one transaction: every entry and the whole resulting catalog are
     * checked before anything is written, so one bad entry changes nothing. Unchanged definitions
     * are left alone; {@code prune} also deletes what the manifest does not declare (and the
     * actions a quick service generated for a deleted service). {@code dryRun} checks and reports
     * without writing.
     */
    @Transactional
    public ManifestResult apply(Manifest manifest, boolean prune, boolean dryRun) {
        return ManifestApply.apply(manifest, prune, dryRun, changed, events);
    }
}
