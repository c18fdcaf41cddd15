package io.certgate.core.identity;

/** An RFC 4514 string that is not a valid distinguished name; {@link #offset()} points at the problem. */
public final class NameSyntaxException extends Exception {
    private final int offset;

    public NameSyntaxException(int offset, String message) {
        super(message);
        this.offset = offset;
    }

    /** The zero-based index in the parsed string where the problem was found. */
    public int offset() {
        return offset;
    }
}
