package io.heroproc.process;

/** Chooses how jobs are contained. */
public final class Containments {

    private Containments() {
    }

    /**
     * {@code "cgroup"}: a cgroup v2 per job, or an exception if none can be made; {@code "tracking"}:
     * marks, ancestry and sessions; {@code "auto"}: a cgroup where hero-proc can make one (as root
     * with a writable cgroup2 hierarchy, or delegated), else tracking.
     */
    public static Containment create(String mode, String instance, ProcessBackend backend) {
        Units units = backend instanceof FfmProcessBackend ffm ? ffm.units() : Units.DEFAULT;
        return switch (mode) {
            case "tracking" -> new TrackedContainment(instance, backend::signal, units);
            case "cgroup" -> CgroupContainment.ownCgroup()
                    .flatMap(dir -> CgroupContainment.under(dir, instance, backend::signal, units))
                    .orElseThrow(() -> new IllegalStateException("cannot make job cgroups: no writable cgroup v2 "
                            + "hierarchy (set hero-proc.process.containment=auto or tracking)"));
            case "auto" -> CgroupContainment.ownCgroup()
                    .flatMap(dir -> CgroupContainment.under(dir, instance, backend::signal, units))
                    .<Containment>map(c -> c)
                    .orElseGet(() -> new TrackedContainment(instance, backend::signal, units));
            default -> throw new IllegalArgumentException("unknown containment mode: " + mode
                    + " (expected auto, cgroup or tracking)");
        };
    }
}
