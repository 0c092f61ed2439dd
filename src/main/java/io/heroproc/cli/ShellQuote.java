package io.heroproc.cli;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Joins argv into one command line that splits back into the same words, under the
 * {@code exec} interpreter's POSIX word splitting as well as under {@code sh}/{@code bash}.
 */
public final class ShellQuote {

    // Characters no shell treats specially anywhere in a word; everything else gets quoted.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    /** One word, single-quoted when needed; a {@code '} inside becomes {@code '\''}. */
    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> words) {
        return String.join(" ", words.stream().map(ShellQuote::quote).toList());
    }

    /**
     * The {@code command} of {@code quick ... -- CMD...}. Several words are an argv and are quoted
     * so they come back unchanged. A single word is taken as the command line itself, as
     * written in the interpreter's own syntax ({@code -- "python3 -m http.server"},
     * {@code --interpreter bash -- "a | b"}): quoting it would turn it into one program name.
     */
    public static String command(List<String> words) {
        if (words.size() == 1) {
            return words.getFirst();
        }
        return join(words);
    }
}
