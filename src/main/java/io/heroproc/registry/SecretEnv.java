package io.heroproc.registry;

import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets written back as shown: the API shows a secret as {@link EnvValue#HIDDEN}, so a client
 * that reads an action and writes it back (with a change elsewhere) sends {@code "***"}. That keeps
 * the stored value of the same secret; with no stored secret of that name it is refused, as
 * {@code ***} is never a value anyone means.
 */
final class SecretEnv {

    private SecretEnv() {
    }

    static ActionDef keepStored(ActionDef def, ActionDef previous, Violations v) {
        if (def == null || def.secretEnv().stream().noneMatch(k -> EnvValue.HIDDEN.equals(def.env().get(k)))) {
            return def;
        }
        Map<String, String> env = new TreeMap<>(def.env());
        for (String key : def.secretEnv()) {
            if (!EnvValue.HIDDEN.equals(env.get(key))) {
                continue;
            }
            if (previous != null && previous.secretEnv().contains(key) && previous.env().containsKey(key)) {
                env.put(key, previous.env().get(key));
            } else {
                v.add("env." + key, "is '" + EnvValue.HIDDEN + "', what hero-proc shows for a secret, but no secret "
                        + key + " is stored to keep; give its value");
            }
        }
        return new ActionDef(def.name(), def.interpreter(), def.script(), def.kind(), def.timeoutMs(), Map.copyOf(env),
                def.cwd(), def.user(), def.dependsOn(), def.health(), def.stopSignal(), def.stopGraceMs(),
                def.keepLeftovers(), def.generatedBy(), def.passEnv(), def.secretEnv(), def.envFiles(),
                def.successExitCodes(), def.stopCommand(), def.replicas());
    }
}
