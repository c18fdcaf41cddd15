package io.certgate.core.identity;

import java.util.Locale;

/**
 * Text from a certificate made safe to print on one line of a terminal or log: nothing in it can break the line,
 * reorder what is shown around it, or hide between visible characters.
 *
 * <p>{@link #escape} writes each code point that is invisible, or a space other than U+0020, as
 * <code>&#92;u{XXXX}</code>: a backslash, {@code u}, and the code point in upper-case hex of at least four digits
 * between braces, e.g. <code>&#92;u{200E}</code>, <code>&#92;u{2028}</code>, <code>&#92;u{1D173}</code>. These are:
 * control characters (C0, DEL, C1), format characters (Unicode category Cf: bidi marks, embeddings and overrides,
 * zero width space and joiners, soft hyphen, U+FEFF, tag characters, ...), line and paragraph separators, space
 * separators other than U+0020 (no-break space, ideographic space, ...), lone surrogates, private-use code points,
 * and unassigned code points, the non-characters among them. A backslash is written <code>&#92;&#92;</code>, so
 * every backslash of the result starts an escape. Letters, marks, digits, punctuation and symbols of every script,
 * and U+0020, are unchanged.
 */
public final class DisplayText {
    private DisplayText() {
    }

    /** {@code value} with invisible and line-breaking code points and backslashes escaped, as described above. */
    public static String escape(String value) {
        int first = firstToEscape(value);
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                out.append("\\\\");
            } else if (needsEscape(cp)) {
                out.append("\\u{").append(String.format(Locale.ROOT, "%04X", cp)).append('}');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static int firstToEscape(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (cp == '\\' || needsEscape(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** Whether a code point is one {@link #escape} writes as an escape (a backslash aside). */
    static boolean needsEscape(int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
