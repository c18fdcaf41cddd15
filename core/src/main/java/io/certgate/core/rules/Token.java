package io.certgate.core.rules;

/**
 * A lexical token of a rules file. {@code columns} maps each character of a string's unescaped text to its
 * source column, so errors inside strings (a bad regex, a bad CIDR) point at the right place.
 */
record Token(Kind kind, String text, int line, int column, int[] columns) {
    enum Kind { WORD, STRING, LPAREN, RPAREN, COMMA, EQ, NE, TILDE, END }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** The column of the {@code offset}-th character of a string's text. */
    int columnOf(int offset) {
        if (columns == null || columns.length == 0) {
            return column;
        }
        return columns[Math.max(0, Math.min(offset, columns.length - 1))];
    }

    /** How the token is named in "found …" messages. */
    String describe() {
        return switch (kind) {
            case WORD -> "'" + text + "'";
            case STRING -> "string \"" + text + "\"";
            case END -> "the end of the line";
            default -> "'" + text + "'";
        };
    }
}
