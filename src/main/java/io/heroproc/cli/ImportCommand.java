package io.heroproc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.heroproc.importer.ImportException;
import io.heroproc.importer.ImportedManifest;
import io.heroproc.importer.Importers;
import java.util.List;
import java.util.Map;

/**
 * {@code import FILE [--from process-compose|supervisord] [--apply [--prune]]}: converts another
 * supervisor's configuration here, on the client, and prints the hero-proc manifest (or applies
 * it). Every setting that could not be carried over is a warning on stderr, and a comment at the
 * top of the printed manifest.
 */
final class ImportCommand {

    private ImportCommand() {
    }

    static int run(Context cx, List<String> words, Map<String, String> env, java.io.PrintStream err) {
        CliArgs a = CliArgs.parse("import", words, "--from=", "--apply", "--prune").atMost(1);
        String file = a.positional(0, "a file: process-compose.yaml or supervisord.conf");
        String from = a.value("--from");
        if (from != null && !from.equals(Importers.PROCESS_COMPOSE) && !from.equals(Importers.SUPERVISORD)) {
            throw CliException.usage("--from must be " + Importers.PROCESS_COMPOSE + " or " + Importers.SUPERVISORD
                    + ", got '" + from + "'");
        }
        if (a.flag("--prune") && !a.flag("--apply")) {
            throw CliException.usage("--prune goes with --apply");
        }
        ImportedManifest imported;
        try {
            imported = Importers.read(file, Files.read(file), from, env);
        } catch (ImportException e) {
            throw CliException.usage(e.getMessage() + " (nothing was imported)");
        }
        for (String w : imported.warnings()) {
            err.println("hero-proc: warning: " + w);
        }
        if (a.flag("--apply")) {
            byte[] body;
            try {
                body = cx.out().mapper.writeValueAsBytes(imported.manifest());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an imported manifest cannot be written as JSON", e);
            }
            ApplyCommand.print(cx, file, ApplyCommand.post(cx, body, ApiClient.JSON, a.flag("--prune")));
        } else if (cx.out().json) {
            cx.out().json(imported.manifest());
        } else {
            cx.out().out.print(imported.yaml());
        }
        return 0;
    }
}
