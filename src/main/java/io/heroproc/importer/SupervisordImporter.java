package io.heroproc.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * supervisord's INI configuration to a hero-proc manifest: each {@code [program:x]} becomes an
 * action and a service {@code x}. Its command is exec'd without a shell, as supervisord does;
 * {@code startretries} within {@code startsecs} becomes {@code max_restarts} with
 * {@code reset_after}, which hero-proc counts the same way (restarts in a row that did not stay up).
 */
public final class SupervisordImporter {

    private static final java.util.regex.Pattern EXPANSION =
            java.util.regex.Pattern.compile("%\\((\\w+)\\)([-#0 +]*\\d*)([sd])");
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
        vars.put("numprocs", Long.toString(numprocs));
        if (v.containsKey("numprocs_start")) {
            vars.put("process_num", Long.toString(number(v.get("numprocs_start"))));
        }
        IniFile.Value command = v.get("command");
        if (command == null || command.text().isBlank()) {
            throw new ImportException(file, s.line(), at + " has no command");
        }
        String name = draft.name(program, at);
        ObjectNode action = draft.action(name);
        ObjectNode service = draft.service(name);
        action.put("interpreter", "exec");
        action.put("script", expand(command, vars));
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
            switch (key) {
                case "command", "numprocs_start" -> {
                }
                case "numprocs" -> {
                    if (numprocs != 1) {
                        NotYetCarried.REPLICAS.report(draft, field, numprocs);
                    }
                }
                case "process_name" -> {
                    String expanded = expand(value, vars);
                    if (!expanded.equals(program) && numprocs == 1) {
                        draft.dropped(field, "the service is named after the program");
                    }
                }
                case "directory" -> action.put("cwd", expand(value, vars));
                case "environment" -> env.putAll(environment(value, vars));
                case "user" -> action.put("user", expand(value, vars));
                case "autostart" -> service.put("wanted", bool(value) ? "start" : "stop");
                case "autorestart" -> autorestart = value.text().toLowerCase(Locale.ROOT).equals("unexpected")
                        ? "unexpected" : Boolean.toString(bool(value));
                case "startsecs" -> startsecs = number(value);
                case "startretries" -> startretries = number(value);
                case "exitcodes" -> {
                    if (!value.text().replace(" ", "").equals("0")) {
                        NotYetCarried.SUCCESS_EXIT_CODES.report(draft, field, value.text());
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

    /** {@code KEY="value",OTHER=value}: supervisord's key/value list, commas inside quotes kept. */
    private Map<String, String> environment(IniFile.Value value, Map<String, String> vars) {
        String text = expand(value, vars);
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
