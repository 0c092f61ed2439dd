package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.model.ShellWords;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quoting is checked against the very splitter the {@code exec} interpreter uses. */
class ShellQuoteTest {

    private static void roundTrips(String... argv) {
        String line = ShellQuote.command(List.of(argv));
        assertEquals(List.of(argv), ShellWords.split(line), () -> "line was: " + line);
    }

    @Test
    void plainWordsStayAsTheyAre() {
        assertEquals("python3 -m http.server 8080", ShellQuote.join(List.of("python3", "-m", "http.server",
                "8080")));
        assertEquals("/usr/bin/env A=1 key:value a,b user@host 50%", ShellQuote.join(List.of("/usr/bin/env", "A=1",
                "key:value", "a,b", "user@host", "50%")));
    }

    @Test
    void specialWordsAreSingleQuoted() {
        assertEquals("echo 'hello world' '' '$HOME' 'a;b'", ShellQuote.join(List.of("echo", "hello world", "", "$HOME",
                "a;b")));
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
    }

    @Test
    void everyArgvComesBackUnchanged() {
        roundTrips("sleep", "3600");
        roundTrips("sh", "-c", "echo \"$HOME\" | tr a-z A-Z; exit 3");
        roundTrips("printf", "%s\\n", "it's", "\"quoted\"", "back\\slash");
        roundTrips("echo", "", "  spaced  ", "tab\there", "new\nline");
        roundTrips("x", "'", "''", "\\'", "\"'\"");
        roundTrips("grün", "日本語", "emoji-😀", "*", "?", "~", "#comment", "a&b", "(x)", "{y}", "<z>", "`id`", "!");
    }

    @Test
    void aSingleWordIsTheCommandLineItself() {
        assertEquals("python3 -m http.server", ShellQuote.command(List.of("python3 -m http.server")));
        assertEquals("echo a | wc -c", ShellQuote.command(List.of("echo a | wc -c")));
    }
}
