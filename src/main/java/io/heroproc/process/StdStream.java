package io.heroproc.process;

/** Which output pipe of a job a line came from. */
public enum StdStream {
    STDOUT, STDERR
}
