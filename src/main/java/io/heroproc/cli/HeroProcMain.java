package io.heroproc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one entry point of the binary. No command (or {@code serve}) starts the supervisor exactly
 * as Quarkus would; any other command is a small HTTP client that runs here, in plain Java, and
 * never boots the server stack (no CDI, no database), so it answers at once.
 */
@QuarkusMain
public final class HeroProcMain {

    private HeroProcMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("serve")) {
            if (args.length > 1) {
                System.err.println("hero-proc: 'serve' takes no arguments (configure it with HERO_PROC_* variables)");
                System.exit(CliException.USAGE);
            }
            Quarkus.run(ServeCommand.class, args.length == 0 ? args : new String[0]);
            return;
        }
        int code = runClient(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one client command and returns its exit status instead of exiting, so that tests can
     * drive it in-process. Errors end up as one {@code hero-proc: ...} line on {@code err}.
     */
    public static int runClient(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CliArgs.Global g;
        try {
            g = CliArgs.global(Arrays.asList(args));
        } catch (CliException e) {
            err.println("hero-proc: " + e.getMessage());
            return e.exitCode();
        }
        List<String> words = g.words();
        if (words.isEmpty() || g.help() || words.getFirst().equals("help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        if (words.getFirst().equals("version") || words.getFirst().equals("--version")) {
            out.println("hero-proc " + ApiClient.version());
            return 0;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (ApiClient api = ApiClient.fromEnv(env, g.socket(), mapper)) {
            Context cx = new Context(api, new Output(out, g.json(), mapper));
            List<String> rest = words.subList(1, words.size());
            return switch (words.getFirst()) {
                case "service" -> ServiceCommands.run(cx, rest);
                case "action" -> ActionCommands.run(cx, rest);
                case "quick" -> QuickCommand.run(cx, rest);
                case "run" -> RunCommands.run(cx, rest);
                case "job" -> RunCommands.job(cx, rest);
                case "logs" -> LogCommands.run(cx, rest);
                case "events" -> EventCommands.run(cx, rest);
                case "apply" -> ApplyCommand.run(cx, rest);
                case "import" -> ImportCommand.run(cx, rest, env, err);
                case "serve" -> throw CliException.usage("'serve' takes no arguments");
                default -> throw CliException.usage("unknown command '" + words.getFirst()
                        + "' (see: hero-proc help)");
            };
        } catch (CliException e) {
            out.flush();
            err.println("hero-proc: " + e.getMessage());
            return e.exitCode();
        } finally {
            out.flush();
        }
    }
}
