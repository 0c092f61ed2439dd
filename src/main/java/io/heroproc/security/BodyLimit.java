package io.heroproc.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * The request body limit, for every transfer encoding. A declared {@code Content-Length} is
 * checked before anything is read; a chunked body is read here, counting, and refused as soon as
 * it passes the limit, so nothing downstream ever holds more than the limit. The body read here is
 * handed on in the routing context, where the REST layer takes it instead of reading again.
 */
final class BodyLimit {

    private BodyLimit() {
    }

    /**
     * Calls {@code next} once the body is known to fit, or {@code tooLarge} (with the limit) as
     * soon as it is known not to. Only {@code Content-Length} and chunked bodies exist in HTTP/1.1
     * and HTTP/2; a request with neither has no body.
     */
    static void check(RoutingContext rc, long max, Runnable next, Consumer<String> tooLarge) {
        HttpServerRequest req = rc.request();
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            // The HTTP codec has already refused a malformed value.
            if (Long.parseLong(length.trim()) > max) {
                tooLarge.accept("request bodies may be at most " + max + " bytes; this one declares " + length.trim());
            } else {
                next.run();
            }
            return;
        }
        if (req.isEnded() || !isChunked(req)) {
            next.run();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        req.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                refused[0] = true;
                tooLarge.accept("request bodies may be at most " + max + " bytes, whatever their transfer encoding");
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(v -> {
            if (!refused[0]) {
                rc.setBody(body);
                next.run();
            }
        });
        req.resume();
    }

    /** A body of unknown length: chunked in HTTP/1.1; in HTTP/2, DATA frames of a method that carries a body. */
    private static boolean isChunked(HttpServerRequest req) {
        String te = req.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (te != null) {
            return te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        }
        return req.version() == HttpVersion.HTTP_2 && (req.method() == HttpMethod.POST || req.method() == HttpMethod.PUT
                || req.method() == HttpMethod.PATCH);
    }
}
