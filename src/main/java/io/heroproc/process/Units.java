package io.heroproc.process;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Clock ticks per second and page size: what turns {@code /proc} figures into time and bytes. */
record Units(long ticksPerSecond, long pageSize) {

    /** 100 ticks and 4 KiB pages, what Linux reports on x86_64 and what a backend without sysconf assumes. */
    static final Units DEFAULT = new Units(100, 4096);

    ResourceSample sum(List<ProcStat> members, Instant at) {
        long ticks = members.stream().mapToLong(ProcStat::cpuTicks).sum();
        long pages = members.stream().mapToLong(ProcStat::rssPages).sum();
        return new ResourceSample(ticks * 1_000_000_000L / ticksPerSecond, pages * pageSize, members.size(), at);
    }

    Map<Long, JobMembers> grouped(Map<Long, List<ProcStat>> jobs) {
        Instant now = Instant.now();
        Map<Long, JobMembers> out = new HashMap<>();
        jobs.forEach((job, members) -> out.put(job, new JobMembers(job, members.stream().map(ProcStat::pid).sorted()
                .toList(), sum(members, now))));
        return out;
    }
}
