package io.heroproc.process;

import java.util.List;

/**
 * The live processes of one job at one moment, whatever session or process group they moved to,
 * and what they use together.
 */
public record JobMembers(long jobId, List<Long> pids, ResourceSample usage) {

    public JobMembers {
        pids = List.copyOf(pids);
    }
}
