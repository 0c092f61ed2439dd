/**
 * The only code that touches the operating system: spawn, reap, signal, output pipes and
 * {@code /proc} sampling. The supervisor codes against {@link io.heroproc.process.ProcessBackend}
 * and obtains one from {@link io.heroproc.process.ProcessBackends#create(String)}.
 *
 * <p>Nothing else in hero-proc may use {@code ProcessBuilder} or {@code Runtime.exec}: the FFM
 * backend reaps every child of the JVM with {@code waitpid(-1)}, so the JDK's own reaper would
 * find its children already reaped and report wrong exit codes.
 */
package io.heroproc.process;
