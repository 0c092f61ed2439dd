package io.heroproc.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.heroproc.supervisor.SupervisorExit;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * Runs the supervisor until it is told to stop. SIGTERM and SIGINT start an orderly shutdown
 * (every service stopped, dependents first) and hero-proc then exits 0, as an init should,
 * instead of the JVM's 143/130; an essential service that ended for good sets its own status.
 */
public class ServeCommand implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class);

    @Override
    public int run(String... args) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                LOG.infof("SIG%s received: stopping every service", name);
                SupervisorExit.request(0);
            });
        }
        Quarkus.waitForExit();
        return SupervisorExit.code();
    }
}
