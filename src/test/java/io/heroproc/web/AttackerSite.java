package io.heroproc.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A hostile web page on another port of the same host name as hero-proc (so the same site, whose
 * cookies the browser sends along): it tries to make hero-proc run a command through each kind of
 * request a page can send without a CORS preflight. Each page sets {@code document.title} to
 * {@code done:...} once its request went out, so a test knows when to look.
 */
final class AttackerSite implements AutoCloseable {

    private final HttpServer server;
    private final String host;

    /**
     * @param name the service the pages try to create, running {@code command}
     * @param victim an existing, stopped service the pages try to start
     */
    AttackerSite(String heroProc, String name, String command, String victim) throws IOException {
        host = java.net.URI.create(heroProc).getHost();
        server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        String quick = "{\"name\": \"" + name + "\", \"command\": \"" + command + "\", \"interpreter\": \"sh\"}";
        Map<String, String> pages = Map.of(
                // fetch in no-cors mode: the body goes out, the answer stays opaque; untyped and typed.
                "/no-cors", page("""
                        const body = %s;
                        Promise.allSettled([
                          fetch('%s/api/v1/quick-services', {method: 'POST', mode: 'no-cors', credentials: 'include',
                                body: new Blob([body])}),
                          fetch('%s/api/v1/quick-services', {method: 'POST', mode: 'no-cors', credentials: 'include',
                                body: new Blob([body], {type: 'application/json'})}),
                          fetch('%s/api/v1/services/%s/start', {method: 'POST', mode: 'no-cors',
                                credentials: 'include'})
                        ]).then(r => { document.title = 'done:' + r.map(x => x.status).join(','); });
                        """.formatted(js(quick), heroProc, heroProc, heroProc, victim)),
                // The classic JSON CSRF: a text/plain form sends "NAME=VALUE", which these spell as
                // {"name": ..., "interpreter": "sh", "command": "COMMAND; echo ="}, only known fields.
                "/json-form", page("""
                        const f = document.createElement('form');
                        f.method = 'POST'; f.enctype = 'text/plain'; f.action = '%s/api/v1/quick-services';
                        const i = document.createElement('input');
                        i.name = %s; i.value = '"}';
                        f.appendChild(i); document.body.appendChild(f);
                        document.title = 'done:submitting'; f.submit();
                        """.formatted(heroProc, js("{\"name\": \"" + name + "\", \"interpreter\": \"sh\", "
                        + "\"command\": \"" + command + "; echo "))),
                // The dashboard's own form, with a CSRF cookie planted from here (cookies ignore ports)
                // and its value repeated in the form, as double-submit checks used to accept.
                "/dashboard-form", page("""
                        document.cookie = 'hero_proc_csrf=planted-by-the-attacker-0123456789; path=/';
                        const f = document.createElement('form');
                        f.method = 'POST'; f.action = '%s/ui/services/quick';
                        for (const [k, v] of Object.entries({name: %s, command: %s, interpreter: 'sh',
                                kind: 'process', _csrf: 'planted-by-the-attacker-0123456789'})) {
                          const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i);
                        }
                        document.body.appendChild(f);
                        document.title = 'done:submitting'; f.submit();
                        """.formatted(heroProc, js(name), js(command))));
        server.createContext("/", exchange -> {
            String html = pages.getOrDefault(exchange.getRequestURI().getPath(), "<!DOCTYPE html><title>none</title>");
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** The attacker's page at {@code path} ({@code /no-cors}, {@code /json-form}, {@code /dashboard-form}). */
    String url(String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    private static String page(String script) {
        return "<!DOCTYPE html><html><head><title>attacker</title></head><body><script>" + script
                + "</script></body></html>";
    }

    private static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
