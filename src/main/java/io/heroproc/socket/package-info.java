/**
 * The API on a Unix-domain socket beside TCP: a file only hero-proc's user can open, so whoever
 * connects through it is trusted without a token (the CLI inside a container needs neither port
 * nor token). The JDK listens on it and relays every connection to the HTTP server's own address.
 */
package io.heroproc.socket;
