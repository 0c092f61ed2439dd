package io.heroproc.model;

import jakarta.persistence.AttributeConverter;

/** Stores a {@link WireEnum} as its wire spelling, so native SQL reads like the API. */
public abstract class WireEnumColumn<E extends Enum<E> & WireEnum> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected WireEnumColumn(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.wire();
    }

    @Override
    public E convertToEntityAttribute(String column) {
        if (column == null) {
            return null;
        }
        return WireEnum.parse(type, column)
                .orElseThrow(() -> new IllegalStateException("unknown " + type.getSimpleName() + " in database: " + column));
    }
}
