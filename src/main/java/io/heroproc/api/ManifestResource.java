package io.heroproc.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.Manifest;
import io.heroproc.registry.ManifestReader;
import io.heroproc.registry.ManifestResult;
import io.heroproc.registry.Registry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code POST /api/v1/manifests?prune=&dry_run=&base=}: a whole manifest, YAML or JSON, applied in one
 * transaction ({@code base}: the directory its relative {@code env_file} paths are relative to). The answer says what was created, updated, left unchanged and deleted.
 */
@Path("/api/v1/manifests")
@Produces(MediaType.APPLICATION_JSON)
public class ManifestResource {

    static final String YAML = "application/yaml";

    @Inject
    Registry registry;

    @Inject
    ObjectMapper mapper;

    private volatile ManifestReader reader;

    @POST
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", "text/x-yaml" })
    public ManifestResult apply(byte[] body, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String prune, @RestQuery("dry_run") String dryRun, @RestQuery String base) {
        boolean p = flag("prune", prune);
        java.nio.file.Path dir = base(base);
        boolean d = flag("dry_run", dryRun);
        if (body == null || body.length == 0) {
            throw new InvalidSpecException("body", "is empty: send a manifest {actions: {...}, services: {...}}");
        }
        ManifestReader.Format format = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json")
                ? ManifestReader.Format.JSON : ManifestReader.Format.YAML;
        Manifest manifest = reader().read(body, format, null, dir);
        if (!manifest.include().isEmpty()) {
            // The server cannot see the sender's files; the CLI reads includes and sends the result.
            throw new InvalidSpecException("include", "cannot be read from a posted manifest: the files it names are "
                    + "on the sender's side (hero-proc apply -f FILE reads them and sends one manifest)");
        }
        return registry.apply(manifest, p, d);
    }

    private ManifestReader reader() {
        ManifestReader r = reader;
        if (r == null) {
            r = new ManifestReader(mapper);
            reader = r;
        }
        return r;
    }

    /** The directory relative {@code env_file} paths are resolved against: where the CLI read the manifest. */
    private static java.nio.file.Path base(String base) {
        if (base == null || base.isEmpty()) {
            return null;
        }
        if (!base.startsWith("/") || base.indexOf('\0') >= 0 || base.length() > 4096) {
            throw new InvalidSpecException("base", "must be an absolute directory path");
        }
        return java.nio.file.Path.of(base);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidSpecException(name, "must be true or false, got '" + (value.length() > 40
                ? value.substring(0, 37) + "..." : value) + "'");
    }
}
