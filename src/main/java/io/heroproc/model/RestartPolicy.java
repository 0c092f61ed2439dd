package io.heroproc.model;

/** When a service's ended jobs are started again. */
public enum RestartPolicy implements WireEnum {
    ALWAYS, ON_FAILURE, NEVER;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<RestartPolicy> {
        public Column() {
            super(RestartPolicy.class);
        }
    }
}
