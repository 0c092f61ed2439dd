package io.heroproc.importer;

/** A file the importer cannot read: which file, which line (0 when unknown) and why. Nothing is produced. */
public final class ImportException extends RuntimeException {

    private final String file;
    private final int line;
    private final String reason;

    public ImportException(String file, int line, String reason) {
        super(file + (line > 0 ? " line " + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
