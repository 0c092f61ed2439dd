package io.heroproc.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Accepts on the socket and relays each connection, byte for byte both ways, to the HTTP server
 * over TCP from a local address it registers with {@link SocketCallers} first. Streams (log and
 * event follows) pass as they come. Blocking copies on virtual threads: plain NIO, no FFM.
 */
final class SocketRelay {

    private static final Logger LOG = Logger.getLogger(SocketRelay.class);
    private static final int BUFFER = 16 * 1024;

    private final ServerSocketChannel listener;
    private final Supplier<InetSocketAddress> server;
    private final SocketCallers callers;
    private volatile boolean closed;

    SocketRelay(ServerSocketChannel listener, Supplier<InetSocketAddress> server, SocketCallers callers) {
        this.listener = listener;
        this.server = server;
        this.callers = callers;
    }

    void start() {
        Thread.ofPlatform().daemon().name("api-socket").start(this::acceptLoop);
    }

    void close() throws IOException {
        closed = true;
        listener.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = listener.accept();
                Thread.ofVirtual().name("api-socket-conn").start(() -> relay(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warnf("api socket: accept failed: %s", e.toString());
            }
        }
    }

    private void relay(SocketChannel client) {
        SocketChannel upstream = null;
        InetSocketAddress local = null;
        InetSocketAddress server = null;
        try {
            server = this.server.get();
            upstream = SocketChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            upstream.bind(new InetSocketAddress(server.getAddress(), 0));
            local = (InetSocketAddress) upstream.getLocalAddress();
            callers.add(local);
            upstream.connect(server);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("api socket: cannot reach the HTTP server at %s: %s", server, e.toString());
            end(client, upstream, local, new AtomicBoolean());
            return;
        }
        SocketChannel up = upstream;
        InetSocketAddress from = local;
        AtomicBoolean ended = new AtomicBoolean();
        Thread.ofVirtual().name("api-socket-up").start(() -> {
            if (copy(client, up)) {
                try {
                    up.shutdownOutput(); // the request is complete; the answer may still be coming
                } catch (IOException e) {
                    end(client, up, from, ended);
                }
            } else {
                end(client, up, from, ended);
            }
        });
        copy(up, client);
        end(client, up, from, ended);
    }

    /** Copies until {@code from} ends; true if it ended cleanly (EOF), false on an error. */
    private static boolean copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                buf.clear();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Forgets the TCP connection before closing it: its address may be reused once closed. */
    private void end(SocketChannel client, SocketChannel upstream, InetSocketAddress local, AtomicBoolean ended) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (local != null) {
            callers.remove(local);
        }
        closeQuietly(upstream);
        closeQuietly(client);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
