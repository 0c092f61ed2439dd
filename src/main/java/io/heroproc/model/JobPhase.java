package io.heroproc.model;

/** Phase of one execution of one action. */
public enum JobPhase implements WireEnum {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED;

    @Override
    public String wire() {
        return WireEnum.wireName(this);
    }

    /** Stores the wire spelling. */
    @jakarta.persistence.Converter
    public static class Column extends WireEnumColumn<JobPhase> {
        public Column() {
            super(JobPhase.class);
        }
    }
}
