package io.heroproc.model;

/** requires waits for the dependency to be ready; after only orders. */
public enum DependencyCondition implements WireEnum {
    REQUIRES, AFTER;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<DependencyCondition> {
        public Column() {
            super(DependencyCondition.class);
        }
    }
}
