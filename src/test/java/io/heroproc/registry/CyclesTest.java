package io.heroproc.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CyclesTest {

    @Test
    void noCycle() {
        var edges = Map.of("a", List.of("b", "c"), "b", List.of("c"), "c", List.<String>of());
        assertEquals(Optional.empty(), Cycles.from("a", edges));
        assertEquals(Optional.empty(), Cycles.from("unknown", edges));
    }

    @Test
    void twoNodeCycleIsNamedFromTheStart() {
        var edges = Map.of("a", List.of("b"), "b", List.of("a"));
        assertEquals(Optional.of(List.of("a", "b", "a")), Cycles.from("a", edges));
        assertEquals("a → b → a", Cycles.describe(Cycles.from("a", edges).orElseThrow()));
        assertEquals(Optional.of(List.of("b", "a", "b")), Cycles.from("b", edges));
    }

    @Test
    void selfLoop() {
        assertEquals(Optional.of(List.of("a", "a")), Cycles.from("a", Map.of("a", List.of("a"))));
    }

    @Test
    void longerCycle() {
        var edges = Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("d"), "d", List.of("b"));
        assertEquals("b → c → d → b", Cycles.describe(Cycles.from("a", edges).orElseThrow()));
    }

    @Test
    void diamondIsNoCycle() {
        var edges = Map.of("a", List.of("b", "c"), "b", List.of("d"), "c", List.of("d"), "d", List.<String>of());
        assertEquals(Optional.empty(), Cycles.from("a", edges));
    }
}
