package io.heroproc.model;

/** How a health check probes a process. */
public enum HealthType implements WireEnum {
    EXEC, TCP, HTTP, LOG;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<HealthType> {
        public Column() {
            super(HealthType.class);
        }
    }
}
