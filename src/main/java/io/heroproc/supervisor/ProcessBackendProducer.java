package io.heroproc.supervisor;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The one process backend of this JVM (one reaper may own waitpid(-1)). */
public class ProcessBackendProducer {

    private static final Logger LOG = Logger.getLogger(ProcessBackendProducer.class);

    @Produces
    @Singleton
    ProcessBackend backend(HeroProcConfig config) {
        ProcessBackend backend = ProcessBackends.create(config.process().backend());
        LOG.infof("process backend: %s", backend.name());
        return backend;
    }

    void close(@Disposes ProcessBackend backend) {
        backend.close();
    }
}
