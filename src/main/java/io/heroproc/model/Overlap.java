package io.heroproc.model;

/** What a schedule fire does while the service's previous run is still going. */
public enum Overlap implements WireEnum {
    /** Nothing, but the fire is recorded. */
    SKIP,
    /** One start waits for the current run to end; further fires join it. */
    QUEUE,
    /** The current run is stopped, then a new one starts. */
    REPLACE;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<Overlap> {
        public Column() {
            super(Overlap.class);
        }
    }
}
