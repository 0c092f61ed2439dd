package io.heroproc.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.registry.StrictMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Reads request bodies strictly: a body is exactly one JSON value, keys appear once, and numbers,
 * booleans and strings are not silently turned into one another. Unknown fields are refused by
 * configuration ({@code quarkus.jackson.fail-on-unknown-properties}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictMapper.apply(mapper);
    }
}
