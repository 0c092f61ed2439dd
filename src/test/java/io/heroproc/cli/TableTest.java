package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAlignWithTwoSpacesAndNoTrailingBlanks() {
        String text = new Table("NAME", "STATE", "REASON").row("web", "running", "up since 12:00")
                .row("postgres-main", "failed", null).render();
        assertEquals("""
                NAME           STATE    REASON
                web            running  up since 12:00
                postgres-main  failed   -
                """, text);
    }

    @Test
    void missingAndEmptyValuesShowAsADash() {
        assertEquals("""
                A  B
                -  -
                """, new Table("A", "B").row(null, "").render());
    }

    @Test
    void aValueStaysOnOneLine() {
        assertEquals("""
                A         B
                one\\ntwo  x y
                """, new Table("A", "B").row("one\ntwo\r", "x\ty").render());
    }

    @Test
    void numbersAndOtherObjectsAreShownAsText() {
        assertEquals("""
                ID  N
                7   2.5
                """, new Table("ID", "N").row(7L, 2.5).render());
    }

    @Test
    void headerLessTablesServeAsKeyValueViews() {
        assertEquals("""
                name      web
                restarts  3
                """, new Table().row("name", "web").row("restarts", 3).render());
    }

    @Test
    void aCharacterOutsideTheBmpCountsOnce() {
        String text = new Table("N", "X").row("😀", "a").row("bb", "c").render();
        assertEquals("""
                N   X
                😀   a
                bb  c
                """, text);
    }

    @Test
    void anEmptyTableIsJustItsHeader() {
        Table t = new Table("NAME", "STATE");
        assertTrue(t.isEmpty());
        assertEquals("NAME  STATE\n", t.render());
    }
}
