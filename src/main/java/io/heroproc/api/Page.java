package io.heroproc.api;

import io.heroproc.model.WireEnum;
import io.heroproc.registry.InvalidSpecException;
import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;

/** Validated list-query parameters: filters as a Panache query, limit and offset. */
final class Page {

    static final int DEFAULT_LIMIT = 100;

    private final List<String> clauses = new ArrayList<>();
    private final Parameters params = new Parameters();
    final int limit;
    final int offset;

    Page(String limit, String offset, int maxLimit) {
        this.limit = number("limit", limit, DEFAULT_LIMIT);
        this.offset = number("offset", offset, 0);
        if (this.limit < 1 || this.limit > maxLimit) {
            throw new InvalidSpecException("limit", "must be between 1 and " + maxLimit + ", got " + this.limit);
        }
        if (this.offset < 0) {
            throw new InvalidSpecException("offset", "must not be negative, got " + this.offset);
        }
    }

    private static int number(String field, String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidSpecException(field, "must be a whole number, got '" + text + "'");
        }
    }

    Page filter(String column, String value) {
        if (value != null) {
            clauses.add(column + " = :" + column);
            params.and(column, value);
        }
        return this;
    }

    <E extends Enum<E> & WireEnum> Page filter(String column, String field, Class<E> type, String value) {
        if (value != null) {
            E e = WireEnum.parse(type, value).orElseThrow(() -> new InvalidSpecException(field,
                    "must be one of " + WireEnum.choices(type) + ", got '" + value + "'"));
            clauses.add(column + " = :" + column);
            params.and(column, e);
        }
        return this;
    }

    /** The HQL, newest first. */
    String query() {
        return (clauses.isEmpty() ? "" : String.join(" and ", clauses)) + " order by id desc";
    }

    Parameters params() {
        return params;
    }

    int last() {
        return offset + limit - 1;
    }
}
