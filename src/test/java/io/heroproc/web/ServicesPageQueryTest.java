package io.heroproc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.heroproc.support.StatementCounter;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Services tab is fed by the bulk status: one query, however many services there are. */
@QuarkusTest
class ServicesPageQueryTest {

    @Inject
    ServicesPage page;

    @Inject
    TestDb db;

    @Test
    void threeHundredServicesRenderFromOneQuery() {
        String prefix = Names.unique("page");
        List<String> names = IntStream.range(0, 300).mapToObj(i -> prefix + "-" + i).toList();
        db.manyServices(prefix + "-action", names);

        StatementCounter.reset();
        String html = page.page().render();
        int statements = StatementCounter.count();

        assertTrue(StatementCounter.installed(), "the statement counter is registered");
        assertEquals(1, statements, "statements to render the Services page");
        for (String name : names) {
            assertTrue(html.contains("data-service=\"" + name + "\""), "row of " + name);
        }

        StatementCounter.reset();
        String rows = page.rows().render();
        assertEquals(1, StatementCounter.count(), "statements for the live-refresh rows");
        assertEquals(300, rows.split("data-service=\"" + prefix + "-", -1).length - 1);
    }
}
