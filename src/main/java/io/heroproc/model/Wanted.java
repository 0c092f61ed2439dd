package io.heroproc.model;

/** What the owner wants of a service; never shown as its actual state. */
public enum Wanted implements WireEnum {
    START, STOP, IGNORE, SPEC;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<Wanted> {
        public Column() {
            super(Wanted.class);
        }
    }
}
