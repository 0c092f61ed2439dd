package io.heroproc.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/**
 * What an import produced: a hero-proc manifest (the API's shapes) and one warning for every
 * setting of the source it could not carry over, or carried over only approximately.
 */
public record ImportedManifest(String source, ObjectNode manifest, List<String> warnings) {

    public ImportedManifest {
        warnings = List.copyOf(warnings);
    }

    /** The manifest as YAML, headed by comments saying where it came from and what was left behind. */
    public String yaml() {
        StringBuilder sb = new StringBuilder("# Imported by hero-proc from ").append(source).append('\n');
        if (!warnings.isEmpty()) {
            sb.append("# Not carried over, or only approximately (").append(warnings.size()).append("):\n");
            for (String w : warnings) {
                sb.append("#   ").append(w.replace("\n", " ")).append('\n');
            }
        }
        YAMLMapper yaml = YAMLMapper.builder().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
        try {
            return sb.append(yaml.writeValueAsString(manifest)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an imported manifest cannot be written as YAML", e);
        }
    }
}
