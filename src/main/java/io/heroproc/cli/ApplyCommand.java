package io.heroproc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code apply -f FILE [--prune]}: the manifest goes to the server as written, YAML or JSON. */
final class ApplyCommand {

    private ApplyCommand() {
    }

    static int run(Context cx, List<String> words) {
        CliArgs a = CliArgs.parse("apply", words, "-f=", "--file=", "--prune").atMost(0);
        String file = a.value("-f", "--file");
        if (file == null) {
            throw CliException.usage("'apply' needs -f FILE (a YAML or JSON manifest)");
        }
        byte[] content = Files.read(file);
        // Sent unparsed: the server reports errors with the manifest's own line numbers.
        String type = Files.isYaml(file, content) ? "application/yaml" : ApiClient.JSON;
        // Relative env_file paths in it are relative to where it is, which only this side knows.
        String base = java.nio.file.Path.of(file).toAbsolutePath().normalize().getParent().toString();
        ApiClient.Answer answer = cx.api().send("POST", "/api/v1/manifests?prune=" + a.flag("--prune") + "&base="
                + java.net.URLEncoder.encode(base, java.nio.charset.StandardCharsets.UTF_8), content, type);
        JsonNode json = answer.json();
        if (cx.out().json) {
            cx.out().json(json == null ? cx.out().mapper.createObjectNode() : json);
        } else if (json == null) {
            cx.out().out.println("applied " + file);
        } else if (json.isObject()) {
            cx.out().fields(json);
        } else {
            cx.out().json(json);
        }
        return 0;
    }
}
