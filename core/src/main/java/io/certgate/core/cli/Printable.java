package io.certgate.core.cli;

/**
 * Text from the command line or from files (file names, PEM labels) made safe to echo in a one-line message:
 * control, format and line or paragraph separator characters become escapes ({@code \n}, {@code \t},
 * {@code \r}, else backslash-u and four hex digits); everything else is kept.
 */
final class Printable {
    private Printable() {
    }

    /** {@code value}'s text, escaped; {@code "null"} for null. */
    static String of(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escape(c);
            if (escape != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        int type = Character.getType(c);
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
