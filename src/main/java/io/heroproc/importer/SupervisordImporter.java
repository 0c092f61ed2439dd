package io.heroproc.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heroproc.cli.ShellQuote;
import io.heroproc.model.ShellWords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * supervisord's INI configuration to a hero-proc manifest: each {@code [program:x]} becomes an
 * action and a service {@code x}. Its command is exec'd without a shell, as supervisord does;
 * {@code startretries} within {@code startsecs} becomes {@code max_restarts} with
 * {@code reset_after}, which hero-proc counts the same way (restarts in a row that did not stay up).
 * {@code numprocs} becomes {@code replicas}; a command that uses {@code %(process_num)} then runs
 * through {@code sh -c 'exec ...'}, which puts each replica's {@code HERO_PROC_REPLICA} there.
 */
public final class SupervisordImporter {

    private static final java.util.regex.Pattern EXPANSION =
            java.util.regex.Pattern.compile("%\\((\\w+)\\)([-#0 +]*\\d*)([sd])");
    /** Marks where {@code %(process_num)} stood in a command, until the command is written for the shell. */
    private static final char SLOT = '\u0000';
    private static final Set<String> SERVER_SECTIONS = Set.of("unix_http_server", "inet_http_server", "supervisorctl");

    private final String file;
    private final Path here;
    private final Map<String, String> environment;
    private final Draft draft = new Draft();
    private final Map<String, String> globalEnv = new LinkedHashMap<>();

    private SupervisordImporter(String file, Map<String, String> environment) {
        this.file = file;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        this.here = parent == null ? Path.of("/") : parent;
        this.environment = environment;
    }

    /** @param environment the variables {@code %(ENV_X)s} reads (supervisord reads its own environment) */
    public static ImportedManifest read(String file, byte[] content, Map<String, String> environment) {
        return new SupervisordImporter(file, environment).convert(new String(content, StandardCharsets.UTF_8));
    }

    private ImportedManifest convert(String text) {
        List<IniFile.Section> sections = IniFile.parse(file, text).sections();
        for (IniFile.Section s : sections) {
            if (s.name().equals("supervisord")) {
                supervisord(s);
            }
        }
        boolean programs = false;
        for (IniFile.Section s : sections) {
            String name = s.name();
            String at = "[" + name + "]";
            if (name.startsWith("program:")) {
                program(s, name.substring("program:".length()).strip());
                programs = true;
            } else if (name.equals("supervisord")) {
                continue;
            } else if (SERVER_SECTIONS.contains(name) || name.startsWith("rpcinterface:")) {
                draft.dropped(at, "supervisord's own server settings; hero-proc is configured with HERO_PROC_* "
                        + "variables");
            } else if (name.equals("include")) {
                draft.dropped(at, "included files are not followed; import each of them");
            } else if (name.startsWith("group:")) {
                draft.dropped(at, "hero-proc has no groups; services are started one by one, or through requires");
            } else if (name.startsWith("eventlistener:") || name.startsWith("fcgi-program:")) {
                draft.dropped(at, "hero-proc has no event listeners or FastCGI programs (its webhooks post events)");
            } else {
                draft.dropped(at, "not a section supervisord defines programs in");
            }
        }
        if (!programs) {
            throw new ImportException(file, 0, "declares no [program:x] section: nothing to import");
        }
        return draft.done(file);
    }

    private void supervisord(IniFile.Section s) {
        for (Map.Entry<String, IniFile.Value> e : s.values().entrySet()) {
            if (e.getKey().equals("environment")) {
                globalEnv.putAll(environment(e.getValue(), Map.of()));
            } else {
                draft.dropped("[supervisord] " + e.getKey(), "supervisord's own setting; hero-proc is configured with "
                        + "HERO_PROC_* variables");
            }
        }
    }

    private void program(IniFile.Section s, String program) {
        String at = "[program:" + program + "]";
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("program_name", program);
        vars.put("group_name", program);
        vars.put("process_num", "0");
        vars.put("numprocs", "1");
        Map<String, IniFile.Value> v = s.values();
        long numprocs = v.containsKey("numprocs") ? number(v.get("numprocs")) : 1;
        if (numprocs > Draft.MAX_REPLICAS) {
            throw new ImportException(file, v.get("numprocs").line(), at + " numprocs is " + numprocs
                    + "; hero-proc runs 0 to " + Draft.MAX_REPLICAS + " replicas of an action");
        }
        vars.put("numprocs", Long.toString(numprocs));
        long start = v.containsKey("numprocs_start") ? number(v.get("numprocs_start")) : 0;
        vars.put("process_num", Long.toString(start));
        boolean replicated = numprocs != 1;
        IniFile.Value command = v.get("command");
        if (command == null || command.text().isBlank()) {
            throw new ImportException(file, s.line(), at + " has no command");
        }
        String name = draft.name(program, at);
        ObjectNode action = draft.action(name);
        ObjectNode service = draft.service(name);
        List<String> slots = new ArrayList<>();
        if (replicated) {
            String marked = expand(command, vars, spec -> {
                slots.add(spec);
                return Character.toString(SLOT);
            });
            if (slots.isEmpty()) {
                action.put("interpreter", "exec");
                action.put("script", marked);
            } else {
                action.put("interpreter", "sh");
                action.put("script", perReplica(command, marked, slots, start));
                draft.warn(at + " command", "runs through sh -c 'exec ...', where each replica's %(process_num) is "
                        + "its HERO_PROC_REPLICA" + (start == 0 ? "" : " + " + start));
            }
            action.put("replicas", numprocs);
        } else {
            action.put("interpreter", "exec");
            action.put("script", expand(command, vars));
        }
        service.putArray("actions").add(name);
        Map<String, String> env = new LinkedHashMap<>(globalEnv);
        ObjectNode stop = draft.newObject();
        String autorestart = "unexpected";
        long startsecs = 1;
        long startretries = 3;
        for (Map.Entry<String, IniFile.Value> e : v.entrySet()) {
            String key = e.getKey();
            String field = at + " " + key;
            IniFile.Value value = e.getValue();
            // Outside the command a replica's number has no place: the first process's is used.
            boolean[] warned = {false};
            Function<String, String> once = !replicated ? null : spec -> {
                if (!warned[0]) {
                    warned[0] = true;
                    draft.warn(field, "%(process_num) taken as " + start + " for every replica: only the command "
                            + "sees each replica's number");
                }
                return null;
            };
            switch (key) {
                case "command", "numprocs" -> {
                }
                case "numprocs_start" -> {
                    if (replicated && start != 0) {
                        draft.warn(field, "hero-proc numbers replicas from 0 (HERO_PROC_REPLICA), not from " + start
                                + (slots.isEmpty() ? "" : "; the command adds " + start + " where it used "
                                        + "%(process_num)"));
                    }
                }
                case "process_name" -> {
                    String expanded = expand(value, vars);
                    if (!expanded.equals(program) && !replicated) {
                        draft.dropped(field, "the service is named after the program");
                    }
                }
                case "directory" -> action.put("cwd", expand(value, vars, once));
                case "environment" -> env.putAll(environment(value, vars, once));
                case "user" -> action.put("user", expand(value, vars, once));
                case "autostart" -> service.put("wanted", bool(value) ? "start" : "stop");
                case "autorestart" -> autorestart = value.text().toLowerCase(Locale.ROOT).equals("unexpected")
                        ? "unexpected" : Boolean.toString(bool(value));
                case "startsecs" -> startsecs = number(value);
                case "startretries" -> startretries = number(value);
                case "exitcodes" -> {
                    List<Integer> codes = exitCodes(field, value);
                    if (!codes.equals(List.of(0))) {
                        ArrayNode a = action.putArray("success_exit_codes");
                        codes.forEach(a::add);
                    }
                }
                case "stopsignal" -> {
                    String signal = SignalNames.of(value.text());
                    if (signal == null) {
                        throw new ImportException(file, value.line(), field + " is '" + value.text()
                                + "'; expected TERM, HUP, INT, QUIT, KILL, USR1 or USR2");
                    }
                    stop.put("signal", signal);
                }
                case "stopwaitsecs" -> stop.put("grace", Draft.seconds(number(value)));
                case "stopasgroup", "killasgroup" -> {
                    if (!bool(value)) {
                        draft.dropped(field, "hero-proc always signals the whole process group");
                    }
                }
                case "priority" -> draft.dropped(field, "hero-proc orders starts by requires only; add requires: "
                        + "where one program needs another");
                case "umask" -> draft.dropped(field, "hero-proc starts programs with its own umask");
                case "redirect_stderr" -> draft.dropped(field, "hero-proc keeps stdout and stderr apart, each line "
                        + "marked with its stream");
                case "serverurl" -> draft.dropped(field, "hero-proc's CLI finds it at HERO_PROC_URL");
                default -> {
                    if (key.startsWith("stdout_") || key.startsWith("stderr_")) {
                        draft.dropped(field, "hero-proc keeps every job's output in its own store (hero-proc.logs.*)");
                    } else {
                        draft.dropped(field, "a supervisord setting with no hero-proc equivalent");
                    }
                }
            }
        }
        if (!env.isEmpty()) {
            ObjectNode e = action.putObject("env");
            env.forEach(e::put);
        }
        if (!stop.isEmpty()) {
            action.set("stop", stop);
        }
        ObjectNode restart = service.putObject("restart");
        switch (autorestart) {
            case "true" -> restart.put("policy", "always");
            case "false" -> restart.put("policy", "never");
            default -> restart.put("policy", "on-failure");
        }
        if (!autorestart.equals("false") && startsecs > 0) {
            restart.put("max_restarts", startretries);
            restart.put("reset_after", Draft.seconds(startsecs));
        }
    }

    /**
     * The command, split into words as supervisord splits it, as an {@code sh} script that execs
     * them: each word quoted, and each {@code %(process_num)} (marked {@link #SLOT}) replaced by
     * the replica's {@code $HERO_PROC_REPLICA} (plus {@code numprocs_start}, formatted as written).
     */
    private String perReplica(IniFile.Value command, String marked, List<String> slots, long start) {
        List<String> words;
        try {
            words = ShellWords.split(marked);
        } catch (IllegalArgumentException e) {
            throw new ImportException(file, command.line(), "command cannot be split into words: " + e.getMessage());
        }
        StringBuilder script = new StringBuilder("exec");
        int slot = 0;
        for (String word : words) {
            script.append(' ');
            if (word.indexOf(SLOT) < 0) {
                script.append(ShellQuote.quote(word));
                continue;
            }
            script.append('"');
            for (char c : word.toCharArray()) {
                if (c == SLOT) {
                    script.append(replicaNumber(slots.get(slot++), start));
                } else {
                    if ("\\\"$`".indexOf(c) >= 0) {
                        script.append('\\');
                    }
                    script.append(c);
                }
            }
            script.append('"');
        }
        return script.toString();
    }

    /** {@code %(process_num)02d} as the shell writes it: {@code $(printf '%02d' $HERO_PROC_REPLICA)}. */
    private static String replicaNumber(String spec, long start) {
        String number = start == 0 ? "$HERO_PROC_REPLICA" : "$((HERO_PROC_REPLICA + " + start + "))";
        return spec.length() == 1 ? number : "$(printf '%" + spec + "' " + number + ")";
    }

    private List<Integer> exitCodes(String field, IniFile.Value value) {
        Set<Integer> codes = new LinkedHashSet<>();
        for (String part : value.text().split(",", -1)) {
            String code = part.strip();
            if (!code.matches("\\d{1,3}") || Integer.parseInt(code) > 255) {
                throw new ImportException(file, value.line(), field + " is '" + value.text() + "'; expected exit "
                        + "codes from 0 to 255, separated by commas");
            }
            codes.add(Integer.parseInt(code));
        }
        return List.copyOf(codes);
    }

    /** {@code KEY="value",OTHER=value}: supervisord's key/value list, commas inside quotes kept. */
    private Map<String, String> environment(IniFile.Value value, Map<String, String> vars) {
        return environment(value, vars, null);
    }

    private Map<String, String> environment(IniFile.Value value, Map<String, String> vars,
            Function<String, String> processNum) {
        String text = expand(value, vars, processNum);
        Map<String, String> env = new LinkedHashMap<>();
        StringBuilder token = new StringBuilder();
        String key = null;
        char quote = 0;
        boolean quoted = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (i == text.length()) {
                    throw new ImportException(file, value.line(), "environment has an unclosed " + quote + " quote");
                } else {
                    token.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                quoted = true;
            } else if (c == '=' && key == null) {
                key = token.toString().strip();
                token.setLength(0);
                quoted = false;
            } else if (c == ',' || c == '\n') {
                String v = quoted ? token.toString() : token.toString().strip();
                if (key == null && v.isEmpty()) {
                    continue;
                }
                if (key == null || key.isEmpty()) {
                    throw new ImportException(file, value.line(), "environment entry '" + v + "' is not KEY=\"value\"");
                }
                env.put(key, v);
                key = null;
                token.setLength(0);
                quoted = false;
            } else if (!(Character.isWhitespace(c) && token.isEmpty())) {
                token.append(c);
            }
        }
        return env;
    }

    /** {@code %(program_name)s}, {@code %(process_num)02d}, {@code %(ENV_HOME)s}, {@code %(here)s}, {@code %%}. */
    private String expand(IniFile.Value value, Map<String, String> vars) {
        return expand(value, vars, null);
    }

    /**
     * @param processNum given {@code %(process_num)}'s format ({@code 02d}, {@code s}), what to
     *     write in its place; null (the function, or what it returns) for its value in {@code vars}
     */
    private String expand(IniFile.Value value, Map<String, String> vars, Function<String, String> processNum) {
        String text = value.text();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (text.startsWith("%%", i)) {
                out.append('%');
                i += 2;
                continue;
            }
            java.util.regex.Matcher m = EXPANSION.matcher(text).region(i, text.length());
            if (!m.lookingAt()) {
                throw new ImportException(file, value.line(), "'" + text.substring(i, Math.min(text.length(), i + 20))
                        + "' is not an expansion such as %(program_name)s (write %% for a percent sign)");
            }
            String var = m.group(1);
            String instead = var.equals("process_num") && processNum != null
                    ? processNum.apply(m.group(2) + m.group(3)) : null;
            if (instead != null) {
                out.append(instead);
                i = m.end();
                continue;
            }
            String v = variable(var, vars);
            if (v == null) {
                throw new ImportException(file, value.line(), "%(" + var + ") is not a variable supervisord knows "
                        + "(program_name, process_num, group_name, numprocs, here, host_node_name, ENV_name)");
            }
            if (m.group(3).equals("d")) {
                try {
                    v = String.format("%" + m.group(2) + "d", Long.parseLong(v));
                } catch (NumberFormatException | java.util.IllegalFormatException e) {
                    throw new ImportException(file, value.line(), "%(" + var + ")" + m.group(2) + "d needs a number, "
                            + "got '" + v + "'");
                }
            }
            out.append(v);
            i = m.end();
        }
        return out.toString();
    }

    private String variable(String var, Map<String, String> vars) {
        if (var.startsWith("ENV_")) {
            return environment.get(var.substring(4));
        }
        return switch (var) {
            case "here" -> here.toString();
            case "host_node_name" -> hostName();
            default -> vars.get(var);
        };
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private long number(IniFile.Value value) {
        String t = value.text().strip();
        if (!t.matches("\\d{1,12}")) {
            throw new ImportException(file, value.line(), "expected a whole number, got '" + t + "'");
        }
        return Long.parseLong(t);
    }

    private boolean bool(IniFile.Value value) {
        return switch (value.text().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ImportException(file, value.line(), "expected true or false, got '" + value.text()
                    + "'");
        };
    }
}
