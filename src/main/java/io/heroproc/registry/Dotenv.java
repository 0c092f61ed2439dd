package io.heroproc.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an env file in the dotenv syntax Docker Compose and process-compose read: {@code KEY=value}
 * lines, an optional {@code export } before the key, {@code #} comments and blank lines; a value is
 * taken as written (trimmed; an unquoted value ends at {@code " #"}), inside single quotes
 * literally, inside double quotes with {@code \n}, {@code \t}, {@code \"} and {@code \\} escapes.
 * No interpolation: a value is what the file says.
 */
public final class Dotenv {

    /** Files larger than this are refused (an env file is a handful of lines). */
    static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern LINE = Pattern.compile(
            "\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*");

    /** Why a file cannot be used: which file, which line, what is wrong. */
    public static final class DotenvException extends Exception {
        DotenvException(String message) {
            super(message);
        }
    }

    private Dotenv() {
    }

    public static Map<String, String> read(Path file) throws DotenvException {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DotenvException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DotenvException(file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DotenvException(file + " cannot be read (permission denied)");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DotenvException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new DotenvException(file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new DotenvException(file + " line " + (i + 1) + ": expected KEY=value, got '"
                        + Rules.shorten(trimmed) + "'");
            }
            try {
                env.put(m.group(1), value(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new DotenvException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return env;
    }

    private static String value(String raw) {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new IllegalArgumentException("the single quote is not closed");
            }
            rest(raw.substring(end + 1));
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    rest(raw.substring(i + 1));
                    return out.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(++i);
                    out.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("the double quote is not closed");
        }
        int comment = raw.indexOf(" #");
        return (comment < 0 ? raw : raw.substring(0, comment)).strip();
    }

    /** After a quoted value only a comment may follow. */
    private static void rest(String after) {
        String r = after.strip();
        if (!r.isEmpty() && !r.startsWith("#")) {
            throw new IllegalArgumentException("unexpected '" + Rules.shorten(r) + "' after the quoted value");
        }
    }
}
