package io.certgate.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a rules file into statements of tokens. A statement is one line plus the lines after it that
 * begin with white space; {@code #} starts a comment outside strings; blank and comment lines end a
 * statement.
 */
final class Lexer {
    private final String file;
    private final List<RulesError> errors;

    Lexer(String file, List<RulesError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /** Each statement's tokens, ending with an END token at the end of its last line. */
    List<List<Token>> statements(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = null;
        boolean broken = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            boolean indented = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            List<Token> tokens = tokenize(line, lineNo);
            if (tokens == null) {
                if (!indented) {
                    close(statements, current, broken);
                }
                current = null;
                broken = true;
                continue;
            }
            if (tokens.isEmpty()) {
                if (!indented || line.isBlank()) {
                    current = close(statements, current, broken);
                    broken = false;
                }
                continue;
            }
            if (indented) {
                if (current == null) {
                    if (!broken) {
                        errors.add(new RulesError(file, lineNo, firstColumn(line),
                                "continuation line without a statement before it; start statements in column 1"));
                    }
                    broken = true;
                    continue;
                }
                current.addAll(tokens);
            } else {
                close(statements, current, broken);
                broken = false;
                current = new ArrayList<>(tokens);
            }
            lastLine = lineNo;
            lastColumn = line.codePointCount(0, line.length()) + 1;
        }
        close(statements, current, broken);
        return statements;
    }

    private int lastLine;
    private int lastColumn;

    private List<Token> close(List<List<Token>> statements, List<Token> current, boolean broken) {
        if (current != null && !broken) {
            current.add(new Token(Token.Kind.END, "", lastLine, lastColumn, null));
            statements.add(current);
        }
        return null;
    }

    /**
     * The column of each UTF-16 index of a line: columns count characters (code points) from 1, so a character
     * outside the Basic Multilingual Plane is one column, and one past the end is the column after the last.
     */
    private static int[] columns(String line) {
        int[] at = new int[line.length() + 1];
        int column = 1;
        for (int i = 0; i < line.length(); i++) {
            at[i] = column;
            if (!(Character.isHighSurrogate(line.charAt(i)) && i + 1 < line.length()
                    && Character.isLowSurrogate(line.charAt(i + 1)))) {
                column++;
            }
        }
        at[line.length()] = column;
        return at;
    }

    private static int firstColumn(String line) {
        int c = 0;
        while (c < line.length() && (line.charAt(c) == ' ' || line.charAt(c) == '\t')) {
            c++;
        }
        return c + 1;
    }

    /** The tokens of one physical line, or null after reporting an error. */
    private List<Token> tokenize(String line, int lineNo) {
        List<Token> out = new ArrayList<>();
        int[] columnAt = columns(line);
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            int col = columnAt[i];
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                List<Integer> cols = new ArrayList<>();
                int j = i + 1;
                boolean closed = false;
                while (j < line.length()) {
                    char d = line.charAt(j);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\') {
                        if (j + 1 < line.length() && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                            sb.append(line.charAt(j + 1));
                            cols.add(columnAt[j]);
                            j += 2;
                            continue;
                        }
                        if (j + 1 >= line.length()) {
                            errors.add(new RulesError(file, lineNo, columnAt[j], "unterminated string: a backslash at "
                                    + "the end of the line escapes nothing; write \\\\ for a backslash, then the closing '\"'"));
                            return null;
                        }
                        errors.add(new RulesError(file, lineNo, columnAt[j], "unknown escape '\\"
                                + (j + 1 < line.length() ? String.valueOf(line.charAt(j + 1)) : "")
                                + "' in a string; only \\\" and \\\\ are escapes"));
                        return null;
                    }
                    if (d < 0x20 && d != '\t') {
                        errors.add(new RulesError(file, lineNo, columnAt[j], String.format(
                                "control character U+%04X in a string", (int) d)));
                        return null;
                    }
                    sb.append(d);
                    cols.add(columnAt[j]);
                    j++;
                }
                if (!closed) {
                    errors.add(new RulesError(file, lineNo, col,
                            "unterminated string: expected a closing '\"' before the end of the line"));
                    return null;
                }
                int[] columns = cols.stream().mapToInt(Integer::intValue).toArray();
                if (columns.length == 0) {
                    columns = new int[] {col};
                }
                out.add(new Token(Token.Kind.STRING, sb.toString(), lineNo, col, columns));
                i = j + 1;
            } else if (c == '(') {
                out.add(new Token(Token.Kind.LPAREN, "(", lineNo, col, null));
                i++;
            } else if (c == ')') {
                out.add(new Token(Token.Kind.RPAREN, ")", lineNo, col, null));
                i++;
            } else if (c == ',') {
                out.add(new Token(Token.Kind.COMMA, ",", lineNo, col, null));
                i++;
            } else if (c == '=') {
                out.add(new Token(Token.Kind.EQ, "=", lineNo, col, null));
                i++;
            } else if (c == '~') {
                out.add(new Token(Token.Kind.TILDE, "~", lineNo, col, null));
                i++;
            } else if (c == '!' && i + 1 < line.length() && line.charAt(i + 1) == '=') {
                out.add(new Token(Token.Kind.NE, "!=", lineNo, col, null));
                i += 2;
            } else if (isWordChar(c)) {
                int j = i;
                while (j < line.length() && isWordChar(line.charAt(j))) {
                    j++;
                }
                out.add(new Token(Token.Kind.WORD, line.substring(i, j), lineNo, col, null));
                i = j;
            } else {
                errors.add(new RulesError(file, lineNo, col, "unexpected character " + printable(line.codePointAt(i))
                        + "; expected a word, a quoted string, '(', ')', ',', '=', '!=' or '~'"
                        + (c == '\'' ? " (strings are written in double quotes)"
                        : c > 0x7e ? " (words are ASCII; quote a role name that has other letters)" : "")));
                return null;
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == ':' || c == '/';
    }

    /** A character for a message: itself in quotes when it is visible, and its code point when it is not ASCII. */
    private static String printable(int cp) {
        if (cp >= 0x20 && cp <= 0x7e) {
            return "'" + (char) cp + "'";
        }
        String code = String.format(Locale.ROOT, "U+%04X", cp);
        return Character.isLetterOrDigit(cp) ? "'" + new String(Character.toChars(cp)) + "' (" + code + ")" : code;
    }
}
