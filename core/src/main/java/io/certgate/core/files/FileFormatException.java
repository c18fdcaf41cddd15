package io.certgate.core.files;

/**
 * A certificate, CRL or other file whose content is not what it should be: the reason, and the line it is about for
 * PEM text (0 when there is none, as for DER). The message never quotes a Java exception and never holds the file's
 * name, which each caller puts in front in its own way.
 */
public final class FileFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    FileFormatException(int line, String reason) {
        super(reason);
        this.line = line;
    }

    /** The line of the file the problem is on, counted from 1; 0 when the problem is not on a line. */
    public int line() {
        return line;
    }

    /** The reason with its line in front when it has one: {@code line 4: the PEM block's base64 is invalid}. */
    public String where() {
        return (line > 0 ? "line " + line + ": " : "") + getMessage();
    }
}
