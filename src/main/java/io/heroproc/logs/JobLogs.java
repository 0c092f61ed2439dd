package io.heroproc.logs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Opens the log of a job about to start. */
@ApplicationScoped
public class JobLogs {

    @Inject
    LogWriter writer;

    @Inject
    StdoutForwarder forwarder;

    public JobLog open(long jobId) {
        return new JobLog(jobId, writer);
    }

    /** The same, naming the job's service and action for the copy on stdout (else they are looked up). */
    public JobLog open(long jobId, String service, String action) {
        forwarder.name(jobId, service, action);
        return open(jobId);
    }
}
