package io.heroproc.cli;

import java.security.KeyManagementException;
import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The SSL context of a client that only speaks plain HTTP. {@code HttpClient} insists on one at
 * construction and would otherwise set up the JDK default (the TLS engine, its providers and the
 * CA store: a few hundred classes, a large part of the CLI's start-up). This one loads nothing
 * and refuses every use, so a TLS connection can never be made through it by mistake.
 */
final class NoTls {

    private NoTls() {
    }

    static SSLContext context() {
        return new SSLContext(new Refusing(), new Provider("hero-proc-no-tls", "1", "plain HTTP only") {
        }, "none") {
        };
    }

    /** Explicit parameters: without them the client would ask the context for its defaults. */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private static final class Refusing extends SSLContextSpi {

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("TLS is not used for an http:// hero-proc URL");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("TLS is not used for an http:// hero-proc URL");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
