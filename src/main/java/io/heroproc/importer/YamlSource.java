package io.heroproc.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.heroproc.registry.JsonPaths;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML file read as a tree, plus the line each key sits on, so that a value the importer cannot
 * use is reported with its line as well as its path.
 */
final class YamlSource {

    private final String file;
    private final JsonNode tree;
    private final Map<String, Integer> lines;

    private YamlSource(String file, JsonNode tree, Map<String, Integer> lines) {
        this.file = file;
        this.tree = tree;
        this.lines = lines;
    }

    static YamlSource read(String file, byte[] content) {
        YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try {
            JsonNode tree = new YAMLMapper(factory).readTree(content);
            Map<String, Integer> lines = new HashMap<>();
            try (JsonParser p = factory.createParser(content)) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.FIELD_NAME) {
                        lines.putIfAbsent(JsonPaths.of(p.getParsingContext()), p.currentLocation().getLineNr());
                    }
                }
            }
            return new YamlSource(file, tree, lines);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String reason = String.valueOf(e.getOriginalMessage()).strip().lines().findFirst().orElse("not YAML");
            throw new ImportException(file, line, "is not valid YAML: " + reason);
        } catch (IOException e) {
            throw new ImportException(file, 0, "cannot be read: " + e.getMessage());
        }
    }

    JsonNode tree() {
        return tree;
    }

    /** The line of the key at {@code path} ({@code processes.web.command}), else of its nearest parent; 0 when unknown. */
    int line(String path) {
        for (String p = path; !p.isEmpty(); p = p.replaceFirst("(\\.[^.\\[]*|\\[\\d+\\])$", "")) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (!p.contains(".") && !p.contains("[")) {
                break;
            }
        }
        return 0;
    }

    ImportException error(String path, String reason) {
        return new ImportException(file, line(path), path + " " + reason);
    }
}
