package io.certgate.core.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * String preparation for comparing attribute values, after RFC 4518 (LDAP Internationalized String
 * Preparation) as RFC 5280 §7.1 requires: map, case fold, NFKC, prohibit, collapse insignificant space.
 *
 * <p>certgate is stricter than RFC 4518 in one respect: control characters (C0, DEL and C1, including
 * NUL, TAB and line breaks) and tag characters (U+E0001, U+E0020 to U+E007F), which the RFC maps to nothing
 * or to a space, make a value unusable for matching instead, so {@code "alice\0"} can never equal
 * {@code "alice"}. The other characters the RFC maps to nothing, format characters such as U+200E
 * LEFT-TO-RIGHT MARK or U+202E RIGHT-TO-LEFT OVERRIDE among them, are removed as it says, and so is every format
 * character (Unicode category Cf) that Unicode added after the version the RFC lists, such as the bidi isolates.
 */
public final class StringPrep {
    private StringPrep() {
    }

    /**
     * The reason {@code value} cannot be used for matching, or empty when it can: control characters,
     * unassigned or private-use code points, non-characters, lone surrogates, U+FFFD and tag characters.
     */
    public static Optional<String> prohibited(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String why = prohibitedReason(cp);
            if (why != null) {
                String article = "aeiou".indexOf(why.charAt(0)) >= 0 ? "an" : "a";
                return Optional.of(String.format(Locale.ROOT, "%s %s U+%04X at offset %d", article, why, cp, i));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    private static String prohibitedReason(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            return "control character";
        }
        if (Character.getType(cp) == Character.SURROGATE) {
            return "lone surrogate";
        }
        if (cp == 0xfffd) {
            return "replacement character";
        }
        if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) {
            return "non-character";
        }
        if (Character.getType(cp) == Character.PRIVATE_USE) {
            return "private-use character";
        }
        if (Character.getType(cp) == Character.UNASSIGNED) {
            return "unassigned code point";
        }
        if (cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f)) {
            return "tag character";
        }
        return null;
    }

    /**
     * The prepared form of a value that passed {@link #prohibited}: characters RFC 4518 §2.2 maps to
     * nothing removed, every space, line and paragraph separator a U+0020, case folded, NFKC, leading and trailing
     * space removed and inner runs collapsed to one space. Two values match when their prepared forms
     * are equal.
     */
    public static String prepare(String value) {
        StringBuilder mapped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (mapsToNothing(cp)) {
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                mapped.append(' ');
            } else {
                mapped.appendCodePoint(cp);
            }
        }
        String s = mapped.toString();
        if (isAscii(s)) {
            s = s.toLowerCase(Locale.ROOT); // NFKC leaves ASCII as it is, and table B.2 folds it to lower case
        } else {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
            s = caseFold(s);
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        return collapseSpaces(s);
    }

    /**
     * RFC 3454 table B.2, character by character as the table is: upper then lower case of each code point
     * (so {@code ß} is {@code ss} and final sigma is sigma) agrees with B.2 on every code point of Unicode 3.2
     * but U+0131 (dotless i), which B.2 leaves alone and Java would turn into {@code i}.
     */
    private static String caseFold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
            } else if (cp == 0x131) {
                out.append((char) cp);
            } else {
                out.append(new String(Character.toChars(cp)).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    /**
     * RFC 4518 §2.2: soft hyphens, joiners, variation selectors, U+FFFC, zero width space, and the format
     * characters of its list (bidi marks and overrides, invisible operators, interlinear annotation, musical
     * formatting, ...). Its control characters and tag characters are {@link #prohibited} instead.
     */
    /**
     * RFC 4518 §2.2's map-to-nothing list beyond its control characters: every format character (Cf, which also
     * covers those Unicode added after 3.2, such as the bidi isolates U+2066 to U+2069), and the few that are not
     * Cf: U+034F, U+1806, U+180B to U+180D, U+FE00 to U+FE0F and U+FFFC.
     */
    private static boolean mapsToNothing(int cp) {
        if (cp < 0x00ad) {
            return false;
        }
        return Character.getType(cp) == Character.FORMAT || cp == 0x034f || cp == 0x1806
                || (cp >= 0x180b && cp <= 0x180d) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfffc;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String collapseSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
