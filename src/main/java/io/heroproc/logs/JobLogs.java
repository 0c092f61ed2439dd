package io.heroproc.logs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Opens the log of a job about to start. */
@ApplicationScoped
public class JobLogs {

    @Inject
    LogWriter writer;

    public JobLog open(long jobId) {
        return new JobLog(jobId, writer);
    }
}
