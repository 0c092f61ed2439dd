package io.heroproc.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Host} names hero-proc answers to, and whether an {@code Origin} is hero-proc's own.
 *
 * <p>DNS rebinding needs a name the attacker controls: their page at {@code evil.example} is
 * pointed at 127.0.0.1, so the browser sends {@code Host: evil.example}. Refusing every name
 * that is not known to be hero-proc's defeats it. Always answered: IP literals (they cannot be
 * rebound), {@code localhost} and {@code *.localhost} (browsers resolve them to loopback
 * themselves), this machine's own name, and the configured names.
 */
final class HostRules {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[A-Za-z0-9_.-]+)?");

    private final List<String> configured;
    private final String machine;

    /**
     * @param configured extra names; {@code *.example.com} matches subdomains, {@code *} anything
     * @param machine this machine's host name, or null if unknown
     */
    HostRules(List<String> configured, String machine) {
        this.configured = configured.stream().map(HostRules::normal).filter(s -> !s.isEmpty()).toList();
        this.machine = machine == null ? null : normal(machine);
    }

    /** Whether a request carrying this {@code Host} header (name and optional port) is for hero-proc. */
    boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return true; // HTTP/1.0 without a Host: no browser sends that, so no page can forge it
        }
        String host = hostOf(hostHeader);
        if (host == null) {
            return false;
        }
        if (isIpLiteral(host) || host.equals("localhost") || host.endsWith(".localhost") || host.equals(machine)) {
            return true;
        }
        for (String c : configured) {
            if (c.equals("*") || c.equals(host) || c.startsWith("*.") && host.endsWith(c.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code origin} is the origin of this very request ({@code scheme://Host}); a page of
     * any other origin, another port of the same host included, is not.
     */
    static boolean sameOrigin(String origin, String scheme, String hostHeader) {
        if (origin == null || hostHeader == null) {
            return false;
        }
        try {
            URI o = new URI(origin);
            if (o.getScheme() == null || o.getHost() == null || !o.getScheme().equalsIgnoreCase(scheme)) {
                return false;
            }
            int port = o.getPort() >= 0 ? o.getPort() : defaultPort(o.getScheme());
            URI h = new URI(scheme + "://" + hostHeader);
            int hostPort = h.getPort() >= 0 ? h.getPort() : defaultPort(scheme);
            return h.getHost() != null && normal(o.getHost()).equals(normal(h.getHost())) && port == hostPort;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** The name or address of a Host header without its port and brackets, lower case; null if malformed. */
    static String hostOf(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(1, end).toLowerCase(Locale.ROOT);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        return normal(h);
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":") && IPV6.matcher(host).matches();
    }

    private static String normal(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
