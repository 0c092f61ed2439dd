package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the user's spec and manifest files, JSON or YAML. */
final class Files {

    private Files() {
    }

    static byte[] read(String file) {
        try {
            return java.nio.file.Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** YAML by extension, JSON by extension, else guessed from the first character. */
    static boolean isYaml(String file, byte[] content) {
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return true;
        }
        if (lower.endsWith(".json")) {
            return false;
        }
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
        return !(text.startsWith("{") || text.startsWith("["));
    }

    /**
     * A spec file as a JSON object. YAML is converted here so the API only ever sees JSON; the
     * YAML mapper is only touched for YAML files.
     */
    static JsonNode object(String file, ObjectMapper json) {
        byte[] content = read(file);
        JsonNode node;
        try {
            node = isYaml(file, content) ? new YAMLMapper().readTree(content) : json.readTree(content);
        } catch (JsonProcessingException e) {
            throw CliException.usage(file + " is not valid " + (isYaml(file, content) ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw CliException.usage(file + " must hold one object");
        }
        return node;
    }
}
