package io.heroproc.model;

/** Status of one start of a service. */
public enum RunStatus implements WireEnum {
    STARTING, RUNNING, OK, ERROR;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<RunStatus> {
        public Column() {
            super(RunStatus.class);
        }
    }
}
