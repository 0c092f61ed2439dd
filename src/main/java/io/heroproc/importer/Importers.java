package io.heroproc.importer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Which importer reads a file: by {@code --from}, else by extension, else by a look inside. */
public final class Importers {

    public static final String PROCESS_COMPOSE = "process-compose";
    public static final String SUPERVISORD = "supervisord";

    private Importers() {
    }

    /** @param from {@link #PROCESS_COMPOSE}, {@link #SUPERVISORD}, or null to guess */
    public static ImportedManifest read(String file, byte[] content, String from, Map<String, String> environment) {
        String format = from != null ? from : guess(file, content);
        return switch (format) {
            case PROCESS_COMPOSE -> ProcessComposeImporter.read(file, content);
            case SUPERVISORD -> SupervisordImporter.read(file, content, environment);
            default -> throw new IllegalArgumentException("unknown format " + format);
        };
    }

    static String guess(String file, byte[] content) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".conf") || lower.endsWith(".ini")) {
            return SUPERVISORD;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")) {
            return PROCESS_COMPOSE;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        return text.contains("[program:") || text.contains("[supervisord]") ? SUPERVISORD : PROCESS_COMPOSE;
    }
}
