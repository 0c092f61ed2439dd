package io.heroproc.supervisor;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.config.Instance;
import io.heroproc.process.CompilerPriority;
import io.heroproc.process.Containments;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The one process backend of this JVM (one reaper may own waitpid(-1)), and the jobs' processes on top of it. */
public class ProcessBackendProducer {

    private static final Logger LOG = Logger.getLogger(ProcessBackendProducer.class);

    @Produces
    @Singleton
    ProcessBackend backend(HeroProcConfig config) {
        ProcessBackend backend = ProcessBackends.create(config.process().backend());
        LOG.infof("process backend: %s", backend.name());
        // The programs come first: hero-proc's JIT warm-up only gets what they leave.
        int lowered = CompilerPriority.lower();
        if (lowered > 0) {
            LOG.debugf("%d JIT compiler threads at nice %d", lowered, CompilerPriority.NICE);
        }
        return backend;
    }

    @Produces
    @Singleton
    JobProcesses jobProcesses(ProcessBackend backend, HeroProcConfig config, Instance instance) {
        JobProcesses processes = new JobProcesses(backend, Containments.create(config.process().containment(),
                instance.id(), backend));
        LOG.infof("job containment: %s", processes.containment());
        return processes;
    }

    void close(@Disposes ProcessBackend backend) {
        backend.close();
    }
}
