package io.heroproc.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core, Deque's accessibility rules engine, run inside the page under test. The build packs it
 * from npm into target/npm (pom.xml, exec-maven-plugin); it reaches the page only through the
 * test's WebDriver, never through hero-proc, which neither serves nor ships it.
 */
final class Axe {

    private static final Path TARBALL = Path.of(System.getProperty("axe-core.tarball", "target/npm/axe-core.tgz"));
    private static final String INTEGRITY = System.getProperty("axe-core.integrity", "");
    private static final String ENTRY = "package/axe.min.js";
    private static String script;

    private Axe() {
    }

    /**
     * The serious and critical violations on the page the driver shows, one line each: rule, what
     * it wants, and the elements that break it. Minor and moderate findings are left to review.
     */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(ChromeDriver driver) throws IOException {
        driver.executeScript(script());
        return (List<String>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                        + v.nodes.map(n => n.target.join(' ')).join(', '))),
                  e => done(['axe-core failed: ' + e]));
                """);
    }

    /** axe.min.js from the npm tarball, once its SHA-512 matches the pin in pom.xml. */
    private static synchronized String script() throws IOException {
        if (script == null) {
            if (!Files.exists(TARBALL)) {
                throw new IllegalStateException(TARBALL + " is missing: the build packs it with npm in "
                        + "generate-test-resources (is npm installed? scripts/test-deps.sh installs it)");
            }
            byte[] tarball = Files.readAllBytes(TARBALL);
            String integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512(tarball));
            if (!integrity.equals(INTEGRITY)) {
                throw new IllegalStateException(TARBALL + " has integrity " + integrity + ", pom.xml pins "
                        + INTEGRITY);
            }
            script = new String(untar(new GZIPInputStream(new java.io.ByteArrayInputStream(tarball)), ENTRY),
                    StandardCharsets.UTF_8);
        }
        return script;
    }

    private static byte[] sha512(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One file of a ustar archive: 512-byte headers (name at 0, octal size at 124), data padded to 512. */
    private static byte[] untar(InputStream in, String wanted) throws IOException {
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replaceAll("\0.*", "");
            String prefix = new String(header, 345, 155, StandardCharsets.US_ASCII).replaceAll("\0.*", "");
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replaceAll("[\0 ]", ""),
                    8);
            byte[] data = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            if (path.equals(wanted)) {
                return data;
            }
        }
        throw new IOException(wanted + " is not in " + TARBALL);
    }
}
