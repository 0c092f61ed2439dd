package io.heroproc.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code exec} script into argv the way a POSIX shell splits words: blanks separate,
 * single quotes keep everything, double quotes keep all but {@code \\ " $ `} escapes, a backslash
 * escapes the next character. No expansion of any kind happens: there is no shell.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /** @throws IllegalArgumentException naming what is wrong (an unclosed quote, nothing to run) */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed single quote at character " + (i + 1));
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < n && line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        return words;
    }

    private static int doubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\\\"$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed double quote at character " + (open + 1));
    }
}
