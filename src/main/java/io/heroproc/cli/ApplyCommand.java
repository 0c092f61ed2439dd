package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.heroproc.registry.FieldError;
import io.heroproc.registry.InvalidSpecException;
import io.heroproc.registry.Manifest;
import io.heroproc.registry.ManifestReader;
import io.heroproc.registry.StrictMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code apply -f FILE|DIR [--prune]}. A single file without {@code include:} goes to the server
 * as written, YAML or JSON, so its errors carry the file's own line numbers. A directory, or a
 * file that includes others, is read here (the server cannot see these files), as strictly as
 * the server reads a manifest, and sent as one JSON manifest; nothing is sent when a file is bad.
 */
final class ApplyCommand {

    private ApplyCommand() {
    }

    static int run(Context cx, List<String> words) {
        CliArgs a = CliArgs.parse("apply", words, "-f=", "--file=", "--prune").atMost(0);
        String file = a.value("-f", "--file");
        if (file == null) {
            throw CliException.usage("'apply' needs -f FILE or -f DIR (YAML or JSON manifests)");
        }
        Path path = Path.of(file);
        byte[] body;
        String type;
        if (java.nio.file.Files.isDirectory(path) || includes(file)) {
            body = resolved(path);
            type = ApiClient.JSON;
        } else {
            body = Files.read(file);
            type = Files.isYaml(file, body) ? "application/yaml" : ApiClient.JSON;
        }
        // Relative env_file paths are relative to the manifest's directory, which only this side knows.
        Path dir = java.nio.file.Files.isDirectory(path) ? path : path.toAbsolutePath().normalize().getParent();
        print(cx, file, post(cx, body, type, a.flag("--prune"), dir));
        return 0;
    }

    static JsonNode post(Context cx, byte[] body, String type, boolean prune) {
        return post(cx, body, type, prune, null);
    }

    static JsonNode post(Context cx, byte[] body, String type, boolean prune, Path base) {
        String query = base == null ? "" : "&base=" + java.net.URLEncoder.encode(base.toAbsolutePath().normalize()
                .toString(), java.nio.charset.StandardCharsets.UTF_8);
        return cx.api().send("POST", "/api/v1/manifests?prune=" + prune + query, body, type).json();
    }

    static void print(Context cx, String what, JsonNode json) {
        if (cx.out().json) {
            cx.out().json(json == null ? cx.out().mapper.createObjectNode() : json);
        } else if (json == null) {
            cx.out().out.println("applied " + what);
        } else if (json.isObject()) {
            cx.out().fields(json);
        } else {
            cx.out().json(json);
        }
    }

    /** Whether a file has a top-level {@code include}; a file that does not parse is left to the server to report. */
    private static boolean includes(String file) {
        byte[] content = Files.read(file);
        try {
            JsonNode tree = new YAMLMapper().readTree(content);
            return tree != null && tree.isObject() && tree.has("include");
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] resolved(Path path) {
        ObjectMapper mapper = StrictMapper.standalone();
        Manifest manifest;
        try {
            // No ${VAR} interpolation here: the server does it, from hero-proc's environment.
            manifest = new ManifestReader(mapper, null).read(path).manifest();
        } catch (InvalidSpecException e) {
            throw CliException.usage(path + " was not applied (nothing was sent): " + describe(e.errors()));
        }
        try {
            return mapper.writeValueAsBytes(manifest.resolved());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest that was just read cannot be written as JSON", e);
        }
    }

    static String describe(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    }
}
