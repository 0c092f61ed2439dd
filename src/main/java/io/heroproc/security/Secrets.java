package io.heroproc.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random values and signatures under a key that exists only in this process. A bean rather than
 * static state: Quarkus initialises classes at build time for a native image, and a random
 * generator (or a key) made then would sit in the image heap, the same in every container.
 */
@ApplicationScoped
public class Secrets {

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key = new SecretKeySpec(bytes(32), "HmacSHA256");

    /** A fresh URL-safe random string of {@code n} random bytes. */
    String random(int n) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(n));
    }

    /** HMAC-SHA256 of {@code text} under the process key, URL-safe: only this process can make it. */
    String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Comparison in constant time: a timing difference must not reveal how much of a guess was right. */
    static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of a value, hex: what is kept of a session id, so memory never holds a usable one. */
    static String digest(String value) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
