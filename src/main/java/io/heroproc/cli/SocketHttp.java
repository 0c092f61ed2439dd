package io.heroproc.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over hero-proc's Unix-domain socket, which the JDK's HTTP client cannot use: one
 * request per connection ({@code Connection: close}), the answer's body as it arrives, whether
 * sized by {@code Content-Length}, chunked, or running until the server closes (event streams).
 */
final class SocketHttp {

    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private SocketHttp() {
    }

    /** An answer: its status and its body, read as it comes; closing it closes the connection. */
    record Reply(int status, InputStream body, Closeable connection) implements Closeable {
        @Override
        public void close() throws IOException {
            connection.close();
        }
    }

    /**
     * Sends one request and reads the answer's head. With a {@code timeout}, the connection is
     * closed if the whole exchange has not ended by then (the caller then reads an error).
     */
    static Reply exchange(Path socket, String method, String target, Map<String, String> headers, byte[] body,
            Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Thread watchdog = null;
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            if (timeout != null) {
                watchdog = Thread.ofVirtual().start(() -> closeAfter(ch, timeout));
            }
            OutputStream out = Channels.newOutputStream(ch);
            out.write(head(method, target, headers, body).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            Thread dog = watchdog;
            Closeable connection = () -> {
                if (dog != null) {
                    dog.interrupt();
                }
                ch.close();
            };
            return readAnswer(in, connection);
        } catch (IOException | RuntimeException e) {
            if (watchdog != null) {
                watchdog.interrupt();
            }
            ch.close();
            throw e;
        }
    }

    private static void closeAfter(SocketChannel ch, Duration timeout) {
        try {
            Thread.sleep(timeout);
            ch.close();
        } catch (InterruptedException | IOException e) {
            // the exchange ended first
        }
    }

    private static String head(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body != null || !method.equals("GET") && !method.equals("DELETE")) {
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static Reply readAnswer(InputStream in, Closeable connection) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: '" + statusLine + "'");
        }
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            }
        }
        InputStream body = chunked ? new Chunked(in) : length >= 0 ? new Sized(in, length) : in;
        return new Reply(status, body, connection);
    }

    /** One CRLF-terminated line of the head, without its CRLF. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection mid-answer");
            }
            if (b.size() >= MAX_HEAD_BYTES) {
                throw new IOException("answer head too long");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A body of known length. */
    private static final class Sized extends InputStream {
        private final InputStream in;
        private long left;

        Sized(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the server closed the connection mid-answer");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body: each chunk as it arrives (an event stream is chunked too). */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size '" + size + "'");
                }
                if (left == 0) {
                    for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                        // trailers carry nothing the CLI uses
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the server closed the connection mid-answer");
            }
            left -= n;
            if (left == 0) {
                line(in); // the CRLF after the chunk's data
            }
            return n;
        }
    }
}
