package io.heroproc.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/** Times are stored as epoch milliseconds: compact, sortable, and plain in native SQL. */
@Converter(autoApply = true)
public class InstantMillisColumn implements AttributeConverter<Instant, Long> {

    @Override
    public Long convertToDatabaseColumn(Instant value) {
        return value == null ? null : value.toEpochMilli();
    }

    @Override
    public Instant convertToEntityAttribute(Long column) {
        return column == null ? null : Instant.ofEpochMilli(column);
    }
}
