package io.heroproc.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** hero-proc with a token configured. */
public class TokenProfile implements QuarkusTestProfile {

    public static final String TOKEN = "s3cret-token-for-tests";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hero-proc.token", TOKEN);
    }
}
