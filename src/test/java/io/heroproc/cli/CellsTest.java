package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void objectsFlattenToDottedKeys() throws Exception {
        var node = new ObjectMapper().readTree("""
                {"name":"web","actions":["a","b"],"requires":[],"restart":{"policy":"always",
                 "backoff":{"initial":"1s"}},"env":{},"depends_on":[{"action":"db","condition":"requires"}],
                 "rss_bytes":1572864,"cpu_percent":12.345,"user":null}""");
        Map<String, String> f = Cells.flatten(node);
        assertEquals("web", f.get("name"));
        assertEquals("a, b", f.get("actions"));
        assertNull(f.get("requires"));
        assertEquals("always", f.get("restart.policy"));
        assertEquals("1s", f.get("restart.backoff.initial"));
        assertNull(f.get("env"));
        assertEquals("{\"action\":\"db\",\"condition\":\"requires\"}", f.get("depends_on"));
        assertEquals("1.5 MiB", f.get("rss_bytes"));
        assertEquals("12.3%", f.get("cpu_percent"));
        assertNull(f.get("user"));
    }

    @Test
    void sizes() {
        assertEquals("512 B", Cells.bytes(512));
        assertEquals("2.0 KiB", Cells.bytes(2048));
        assertEquals("1.0 GiB", Cells.bytes(1L << 30));
    }
}
