package io.heroproc.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.ShellWords;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    private static void splits(String line, String... words) {
        assertEquals(List.of(words), ShellWords.split(line), () -> "splitting [" + line + "]");
    }

    @Test
    void blanksSeparateWords() {
        splits("sleep 10", "sleep", "10");
        splits("  a \t b\nc  ", "a", "b", "c");
    }

    @Test
    void singleQuotesKeepEverything() {
        splits("echo 'a b'  c", "echo", "a b", "c");
        splits("echo '\\n $HOME \"x\"'", "echo", "\\n $HOME \"x\"");
        splits("a'b c'd", "ab cd");
        splits("echo ''", "echo", "");
    }

    @Test
    void doubleQuotesKeepBlanksAndHonourTheirEscapes() {
        splits("echo \"a b\"", "echo", "a b");
        splits("echo \"say \\\"hi\\\" \\$HOME \\\\ \\`x\\`\"", "echo", "say \"hi\" $HOME \\ `x`");
        splits("echo \"\\n stays\"", "echo", "\\n stays");
        splits("echo \"'single' inside\"", "echo", "'single' inside");
        splits("echo \"\"", "echo", "");
    }

    @Test
    void backslashEscapesTheNextCharacter() {
        splits("echo a\\ b", "echo", "a b");
        splits("echo \\'x\\'", "echo", "'x'");
        splits("echo \\\"", "echo", "\"");
        splits("one\\\ntwo", "onetwo");
    }

    @Test
    void nothingIsExpanded() {
        splits("echo $HOME ~ *.txt $(id) ; ls | wc", "echo", "$HOME", "~", "*.txt", "$(id)", ";", "ls", "|", "wc");
    }

    @Test
    void unclosedQuotesAreErrorsNamingThePosition() {
        var single = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'oops"));
        assertTrue(single.getMessage().contains("unclosed single quote at character 6"), single.getMessage());
        var dbl = assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo \"oops \\\""));
        assertTrue(dbl.getMessage().contains("unclosed double quote at character 6"), dbl.getMessage());
    }

    @Test
    void nothingToRunIsAnError() {
        for (String line : new String[] {"", "   ", "\t\n"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ShellWords.split(line));
            assertTrue(e.getMessage().contains("no command"), e.getMessage());
        }
    }
}
