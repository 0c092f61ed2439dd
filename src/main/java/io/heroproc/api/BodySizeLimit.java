package io.heroproc.api;

import io.heroproc.config.HeroProcConfig;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses oversized bodies with a problem document. The HTTP layer's own limit is a higher
 * backstop that can only close the connection; this one can explain itself.
 */
public class BodySizeLimit {

    // A provider: filters are built at static init, before runtime configuration exists.
    @Inject
    Provider<HeroProcConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long max = config.get().api().maxBodyBytes();
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > max) {
                    return Problem.response(413, "Body too large", "request bodies may be at most " + max + " bytes");
                }
            } catch (NumberFormatException e) {
                return Problem.response(400, "Invalid request", "Content-Length is not a number");
            }
        }
        return null;
    }
}
