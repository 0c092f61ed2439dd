package io.heroproc.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request and its answer over a plain socket, for the CLI's calls to an http:// URL.
 * The JDK's HttpClient costs a CLI call about a quarter of a second before the first byte is sent
 * (its selector thread, executor and the classes behind them), even from the AOT cache; one
 * request per connection needs none of that. HTTPS and event streams still use HttpClient.
 */
final class PlainHttp {

    /** An answer: the status and the body as text. */
    record Answer(int status, String body) {
    }

    private PlainHttp() {
    }

    static Answer exchange(URI uri, String method, Map<String, String> headers, byte[] body, Duration connect,
            Duration answer) throws IOException {
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(host, port), (int) connect.toMillis());
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("connection timed out");
            }
            s.setSoTimeout((int) answer.toMillis());
            s.setTcpNoDelay(true);
            StringBuilder head = new StringBuilder().append(method).append(' ').append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getRawAuthority()).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null || !method.equals("GET") && !method.equals("DELETE")) {
                head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new BufferedInputStream(s.getInputStream()));
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        byte[] bytes;
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                all.write(exactly(in, size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers carry nothing the CLI uses
            }
            bytes = all.toByteArray();
        } else if (length >= 0) {
            bytes = exactly(in, Math.toIntExact(length));
        } else {
            bytes = in.readAllBytes();
        }
        return new Answer(code, new String(bytes, StandardCharsets.UTF_8));
    }

    private static int chunkSize(InputStream in) throws IOException {
        String size = line(in);
        int semi = size.indexOf(';');
        return Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("the answer ended early");
        }
        return b;
    }

    /** One header line without its CRLF; headers are ASCII. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the answer ended early");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
