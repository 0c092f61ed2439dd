package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CliArgsTest {

    @Test
    void jsonAndHelpAreFoundAnywhereBeforeTheDoubleDash() {
        var g = CliArgs.global(List.of("--json", "service", "list"));
        assertTrue(g.json());
        assertEquals(List.of("service", "list"), g.words());

        g = CliArgs.global(List.of("service", "status", "web", "--json"));
        assertTrue(g.json());
        assertFalse(g.help());
        assertEquals(List.of("service", "status", "web"), g.words());

        g = CliArgs.global(List.of("action", "-h"));
        assertTrue(g.help());
    }

    @Test
    void wordsAfterTheDoubleDashAreTheUsersOwn() {
        var g = CliArgs.global(List.of("quick", "x", "--", "tool", "--json", "--help"));
        assertFalse(g.json());
        assertFalse(g.help());
        assertEquals(List.of("quick", "x", "--", "tool", "--json", "--help"), g.words());

        CliArgs a = CliArgs.parse("quick", g.words().subList(1, g.words().size()), "--kind=");
        assertEquals(List.of("x"), a.positionals());
        assertEquals(List.of("tool", "--json", "--help"), a.rest());
    }

    @Test
    void noDoubleDashMeansNoRest() {
        assertNull(CliArgs.parse("x", List.of("a")).rest());
        assertEquals(List.of(), CliArgs.parse("x", List.of("a", "--")).rest());
    }

    @Test
    void valuesInBothFormsAndRepeated() {
        CliArgs a = CliArgs.parse("action set", List.of("web", "--script", "sleep 1", "--kind=oneshot", "--env", "A=1",
                "--env=B=2", "-f", "spec.yaml"), "--script=", "--kind=", "--env=", "-f=", "--file=");
        assertEquals("web", a.positional(0, "NAME"));
        assertEquals("sleep 1", a.value("--script"));
        assertEquals("oneshot", a.value("--kind"));
        assertEquals(List.of("A=1", "B=2"), a.values("--env"));
        assertEquals("spec.yaml", a.value("-f", "--file"));
        assertNull(a.value("--timeout"));
        assertEquals(List.of(), a.values("--timeout"));
    }

    @Test
    void theLastValueWinsAcrossAliases() {
        CliArgs a = CliArgs.parse("apply", List.of("-f", "a.json", "--file", "b.json"), "-f=", "--file=");
        assertEquals("b.json", a.value("-f", "--file"));
    }

    @Test
    void flags() {
        CliArgs a = CliArgs.parse("logs", List.of("web", "-f"), "-f", "--follow");
        assertTrue(a.flag("-f", "--follow"));
        assertFalse(a.flag("--service"));
    }

    @Test
    void aLoneDashIsAPositional() {
        assertEquals(List.of("-"), CliArgs.parse("x", List.of("-")).positionals());
    }

    @Test
    void mistakesAreUsageErrors() {
        var unknown = assertThrows(CliException.class, () -> CliArgs.parse("service list", List.of("--bogus")));
        assertEquals(CliException.USAGE, unknown.exitCode());
        assertEquals("unknown option --bogus for 'service list'", unknown.getMessage());

        var missing = assertThrows(CliException.class, () -> CliArgs.parse("run list", List.of("--limit"),
                "--limit="));
        assertEquals("option --limit of 'run list' needs a value", missing.getMessage());

        var flagValue = assertThrows(CliException.class, () -> CliArgs.parse("apply", List.of("--prune=yes"),
                "--prune"));
        assertEquals("option --prune of 'apply' takes no value", flagValue.getMessage());

        var extra = assertThrows(CliException.class, () -> CliArgs.parse("service status", List.of("a", "b"))
                .atMost(1));
        assertEquals("unexpected argument 'b' for 'service status'", extra.getMessage());

        var absent = assertThrows(CliException.class, () -> CliArgs.parse("service get", List.of()).positional(0,
                "a service NAME"));
        assertEquals("'service get' needs a service NAME", absent.getMessage());
    }

    @Test
    void numbers() {
        assertEquals(42, CliArgs.number("--limit", "42"));
        var e = assertThrows(CliException.class, () -> CliArgs.number("--limit", "ten"));
        assertEquals(CliException.USAGE, e.exitCode());
        assertEquals("--limit must be a whole number, got 'ten'", e.getMessage());
        assertThrows(CliException.class, () -> CliArgs.number("run ID", "-3"));
    }
}
