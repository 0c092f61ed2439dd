package io.heroproc.socket;

import io.heroproc.config.HeroProcConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Opens the API socket ({@code hero-proc.api.socket}, default {@code <data-dir>/hero-proc.sock},
 * {@code off}: none) once the HTTP server listens, and removes it at shutdown. A socket that
 * cannot be made is a warning, not a failed start: TCP still serves.
 */
@ApplicationScoped
public class ApiSocket {

    private static final Logger LOG = Logger.getLogger(ApiSocket.class);
    public static final String FILE_NAME = "hero-proc.sock";

    @Inject
    HeroProcConfig config;

    @Inject
    SocketCallers callers;

    private SocketFile.Bound bound;
    private SocketRelay relay;
    /** Shut down already: an open that comes late (the start event is asynchronous) must not leave a socket. */
    private boolean closed;

    /** The socket's path, or empty when it is turned off. */
    public Optional<Path> path() {
        String setting = config.api().socket().map(String::trim).orElse("");
        if (setting.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return Optional.of(setting.isEmpty() ? config.dataDir().resolve(FILE_NAME) : Path.of(setting));
    }

    synchronized void open(@ObservesAsync HttpServerStart start) {
        Optional<Path> path = path();
        if (path.isEmpty() || relay != null || closed) {
            return;
        }
        var cfg = ConfigProvider.getConfig();
        if (cfg.getOptionalValue("quarkus.http.proxy.use-proxy-protocol", Boolean.class).orElse(false)) {
            // With the PROXY protocol a TCP client names its own address, so it could pass for the relay.
            LOG.warn("no API socket: it cannot be told apart from TCP while quarkus.http.proxy.use-proxy-protocol is on");
            return;
        }
        try {
            InetAddress host = reachable(start.options().getHost());
            int configured = start.options().getPort();
            bound = SocketFile.bind(path.get());
            relay = new SocketRelay(bound.channel(), () -> new InetSocketAddress(host, port(configured)), callers);
            relay.start();
            LOG.infof("API socket on %s (mode 0600)", bound.path());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("no API socket: %s", e.getMessage());
        }
    }

    synchronized void close(@Observes ShutdownEvent event) {
        closed = true;
        if (relay == null) {
            return;
        }
        try {
            relay.close();
            SocketFile.remove(bound);
        } catch (IOException e) {
            LOG.warnf("could not remove the API socket %s: %s", bound.path(), e.toString());
        }
        relay = null;
    }

    /** The address to reach a server listening on {@code host}: a wildcard is reached on loopback. */
    private static InetAddress reachable(String host) throws UnknownHostException {
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("localhost")) {
            return InetAddress.getByName("127.0.0.1");
        }
        if (host.equals("::") || host.equals("[::]")) {
            return InetAddress.getByName("::1");
        }
        return InetAddress.getByName(host);
    }

    /**
     * The HTTP server's port. The event's options may not carry it (tests listen on a port chosen
     * at start, which Quarkus then puts in the config), so it is looked up for each connection.
     */
    private static int port(int configured) {
        if (configured > 0) {
            return configured;
        }
        var cfg = ConfigProvider.getConfig();
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int actual = cfg.getOptionalValue(key, Integer.class).orElse(0);
        if (actual <= 0) {
            throw new IllegalStateException("the HTTP server's port is not known (" + key + ")");
        }
        return actual;
    }
}
