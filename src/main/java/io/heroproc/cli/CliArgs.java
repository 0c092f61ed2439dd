package io.heroproc.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of one (sub)command: positionals, options and what follows {@code --}. Each command
 * declares its own options, because the same letter means different things ({@code -f} is a file
 * for {@code apply} but "follow" for {@code logs}); anything undeclared is a usage error rather
 * than silently ignored.
 */
public final class CliArgs {

    private final String command;
    private final List<String> positionals;
    private final Map<String, List<String>> values;
    private final Set<String> flags;
    private final List<String> rest;

    private CliArgs(String command, List<String> positionals, Map<String, List<String>> values, Set<String> flags,
            List<String> rest) {
        this.command = command;
        this.positionals = positionals;
        this.values = values;
        this.flags = flags;
        this.rest = rest;
    }

    /** The global switches, found anywhere before {@code --}, and the remaining words. */
    public record Global(List<String> words, boolean json, boolean help, String socket) {
    }

    /**
     * Takes {@code --json}, {@code --help}/{@code -h} and {@code --socket PATH} out of the line wherever they are, so that
     * they work in any position; words after {@code --} belong to the user's command and stay.
     */
    public static Global global(List<String> argv) {
        List<String> words = new ArrayList<>();
        boolean json = false;
        boolean help = false;
        boolean literal = false;
        String socket = null;
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (!literal && (w.equals("--socket") || w.startsWith("--socket="))) {
                if (w.equals("--socket") && i + 1 >= argv.size()) {
                    throw CliException.usage("--socket needs a PATH");
                }
                socket = w.equals("--socket") ? argv.get(++i) : w.substring("--socket=".length());
            } else if (!literal && w.equals("--json")) {
                json = true;
            } else if (!literal && (w.equals("--help") || w.equals("-h"))) {
                help = true;
            } else {
                literal |= w.equals("--");
                words.add(w);
            }
        }
        return new Global(List.copyOf(words), json, help, socket);
    }

    /**
     * Parses {@code argv} for {@code command} (named in errors). {@code options} lists the accepted
     * options; a name ending in {@code =} takes a value ({@code --limit=} accepts both
     * {@code --limit 5} and {@code --limit=5}), any other name is a flag.
     */
    public static CliArgs parse(String command, List<String> argv, String... options) {
        Set<String> valued = new HashSet<>();
        Set<String> switches = new HashSet<>();
        for (String o : options) {
            if (o.endsWith("=")) {
                valued.add(o.substring(0, o.length() - 1));
            } else {
                switches.add(o);
            }
        }
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> rest = null;
        for (int i = 0; i < argv.size(); i++) {
            String w = argv.get(i);
            if (w.equals("--")) {
                rest = List.copyOf(argv.subList(i + 1, argv.size()));
                break;
            }
            if (w.length() < 2 || !w.startsWith("-")) {
                positionals.add(w);
                continue;
            }
            int eq = w.indexOf('=');
            String name = eq > 0 ? w.substring(0, eq) : w;
            if (valued.contains(name)) {
                String value;
                if (eq > 0) {
                    value = w.substring(eq + 1);
                } else if (i + 1 < argv.size()) {
                    value = argv.get(++i);
                } else {
                    throw CliException.usage("option " + name + " of '" + command + "' needs a value");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (switches.contains(name) && eq < 0) {
                flags.add(name);
            } else if (switches.contains(name)) {
                throw CliException.usage("option " + name + " of '" + command + "' takes no value");
            } else {
                throw CliException.usage("unknown option " + name + " for '" + command + "'");
            }
        }
        return new CliArgs(command, List.copyOf(positionals), values, flags, rest);
    }

    public String command() {
        return command;
    }

    public List<String> positionals() {
        return positionals;
    }

    /** The positional at {@code index}, named {@code what} in the error when it is missing. */
    public String positional(int index, String what) {
        if (index >= positionals.size()) {
            throw CliException.usage("'" + command + "' needs " + what);
        }
        return positionals.get(index);
    }

    /** Refuses extra words: a typo'd command line must not half-run. */
    public CliArgs atMost(int count) {
        if (positionals.size() > count) {
            throw CliException.usage("unexpected argument '" + positionals.get(count) + "' for '" + command + "'");
        }
        return this;
    }

    /** The last value given for any of {@code names} (aliases such as {@code -f}/{@code --file}), or null. */
    public String value(String... names) {
        String found = null;
        for (String n : names) {
            List<String> v = values.get(n);
            if (v != null && !v.isEmpty()) {
                found = v.getLast();
            }
        }
        return found;
    }

    /** Every value given for a repeatable option, in order. */
    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean flag(String... names) {
        for (String n : names) {
            if (flags.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** The words after {@code --}, or null when there was no {@code --}. */
    public List<String> rest() {
        return rest;
    }

    /** A whole positive number, or a usage error naming the option. */
    public static long number(String what, String text) {
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage(what + " must be a whole number, got '" + text + "'");
        }
    }
}
