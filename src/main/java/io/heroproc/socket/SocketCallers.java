package io.heroproc.socket;

import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which TCP connections to the HTTP server are the socket relay's own. A connection is known by
 * its local address and port, registered before it connects and forgotten before it closes: while
 * it is open no other connection to the server can have that address and port (the server's side
 * is the same for all), so a TCP client cannot pass for the socket, whatever it sends.
 */
@ApplicationScoped
public class SocketCallers {

    private final Set<InetSocketAddress> relayed = ConcurrentHashMap.newKeySet();

    void add(InetSocketAddress local) {
        relayed.add(local);
    }

    void remove(InetSocketAddress local) {
        relayed.remove(local);
    }

    /**
     * Whether the connection with this peer address came through the socket. Give it the
     * connection's own peer, never a request's (which {@code X-Forwarded-For} may rewrite).
     */
    public boolean through(SocketAddress peer) {
        if (peer == null || relayed.isEmpty() || peer.hostAddress() == null) {
            return false;
        }
        try {
            // An IP literal from the connection itself: no name lookup happens here.
            InetAddress ip = InetAddress.getByName(peer.hostAddress());
            return relayed.contains(new InetSocketAddress(ip, peer.port()));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
