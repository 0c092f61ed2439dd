package io.heroproc.security;

import io.heroproc.api.Problem;
import io.heroproc.config.HeroProcConfig;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With a token configured, every API and dashboard request must carry it: the API as a bearer
 * token, the dashboard as the session cookie its login sets. Health endpoints stay open for probes.
 */
public class TokenFilter {

    // A provider: filters are built at static init, before runtime configuration exists.
    @Inject
    Provider<HeroProcConfig> config;

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Response authenticate(ContainerRequestContext request) {
        Optional<String> token = config.get().token();
        if (token.isEmpty()) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/health") || path.equals("/ui/login")) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith("Bearer ")
                && Sessions.same(authorization.substring(7).trim(), token.get())) {
            return null;
        }
        Cookie session = request.getCookies().get(Sessions.COOKIE);
        if (session != null && Sessions.same(session.getValue(), Sessions.sessionValue(token.get()))) {
            return null;
        }
        if (path.startsWith("/ui") || path.equals("/")) {
            return Response.seeOther(URI.create("/ui/login")).build();
        }
        Response problem = Problem.response(401, "Unauthorized",
                "this hero-proc requires a token: send 'Authorization: Bearer <HERO_PROC_TOKEN>'");
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hero-proc\"").build();
    }
}
