package io.heroproc.model;

/** process (long-running) or oneshot (runs to completion). */
public enum ActionKind implements WireEnum {
    PROCESS, ONESHOT;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<ActionKind> {
        public Column() {
            super(ActionKind.class);
        }
    }
}
