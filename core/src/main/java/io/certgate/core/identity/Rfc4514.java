package io.certgate.core.identity;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** RFC 4514 string representation of distinguished names: escaping for display, and a strict parser. */
final class Rfc4514 {
    private static final String SPECIALS = "\"+,;<>\\";

    private Rfc4514() {
    }

    /**
     * The RFC 4514 form of a value: special characters escaped with a backslash, and every code point that is
     * invisible or breaks a line (controls, format characters, line and paragraph separators, spaces other than
     * U+0020) as hex pairs of its UTF-8 bytes, so the result reads back as the same value and prints on one line.
     */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int n = Character.charCount(cp);
            boolean first = i == 0;
            boolean last = i + n == value.length();
            if (SPECIALS.indexOf(cp) >= 0 || (first && (cp == ' ' || cp == '#')) || (last && cp == ' ')) {
                sb.append('\\').appendCodePoint(cp);
            } else if (Character.getType(cp) == Character.SURROGATE) {
                sb.append("\\EF\\BF\\BD"); // a lone surrogate has no UTF-8 form: shown as U+FFFD, still unusable
            } else if (isHidden(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('\\').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            } else {
                sb.appendCodePoint(cp);
            }
            i += n;
        }
        return sb.toString();
    }

    /** Code points printed as hex: those {@link DisplayText} escapes, and U+FFFD, which marks an undecodable value. */
    private static boolean isHidden(int cp) {
        return DisplayText.needsEscape(cp) || cp == 0xfffd;
    }

    static DistinguishedName parse(String s) throws NameSyntaxException {
        return new Parser(s).parse();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        DistinguishedName parse() throws NameSyntaxException {
            skipSpaces();
            List<List<AttributeValue>> rdns = new ArrayList<>();
            if (pos == s.length()) {
                return DistinguishedName.of(rdns);
            }
            while (true) {
                List<AttributeValue> rdn = new ArrayList<>();
                while (true) {
                    rdn.add(attribute());
                    skipSpaces();
                    if (pos < s.length() && s.charAt(pos) == '+') {
                        pos++;
                        continue;
                    }
                    break;
                }
                rdns.add(rdn);
                if (pos == s.length()) {
                    break;
                }
                char c = s.charAt(pos);
                if (c == ',') {
                    pos++;
                    continue;
                }
                if (c == ';') {
                    throw new NameSyntaxException(pos, "expected ',' between RDNs, found ';'");
                }
                throw new NameSyntaxException(pos, "expected ',' or '+' after a value, found '" + c + "'");
            }
            Collections.reverse(rdns);
            return DistinguishedName.of(rdns);
        }

        private AttributeValue attribute() throws NameSyntaxException {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                    || s.charAt(pos) == '-')) {
                pos++;
            }
            String typeName = s.substring(start, pos);
            if (typeName.isEmpty()) {
                throw new NameSyntaxException(start, pos < s.length()
                        ? "expected an attribute type such as CN or a dotted OID, found '" + s.charAt(pos) + "'"
                        : "expected an attribute type such as CN or a dotted OID, found the end");
            }
            String oid = AttributeType.oid(typeName).orElseThrow(() -> new NameSyntaxException(start,
                    "unknown attribute type '" + typeName + "' (use a dotted OID for types without a short name)"));
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != '=') {
                throw new NameSyntaxException(pos, "expected '=' after attribute type '" + typeName + "'");
            }
            pos++;
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '#') {
                return hexValue(oid);
            }
            return stringValue(oid);
        }

        private AttributeValue hexValue(String oid) throws NameSyntaxException {
            int start = pos++;
            int from = pos;
            while (pos < s.length() && hexDigit(s.charAt(pos)) >= 0) {
                pos++;
            }
            String hex = s.substring(from, pos);
            if (hex.isEmpty() || hex.length() % 2 != 0) {
                throw new NameSyntaxException(start, "expected an even number of hex digits after '#'");
            }
            byte[] der = new byte[hex.length() / 2];
            for (int i = 0; i < der.length; i++) {
                der[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            skipSpaces();
            try {
                return AttributeValue.decode(oid, Der.parse(der));
            } catch (DerException e) {
                throw new NameSyntaxException(start, "invalid BER value after '#': " + e.getMessage());
            }
        }

        private AttributeValue stringValue(String oid) throws NameSyntaxException {
            StringBuilder value = new StringBuilder();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            int pendingAt = -1;
            int keep = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',' || c == '+' ) {
                    break;
                }
                if (c == '\\') {
                    if (pos + 1 >= s.length()) {
                        throw new NameSyntaxException(pos, "expected a character or two hex digits after '\\', found the end");
                    }
                    char next = s.charAt(pos + 1);
                    int hi = hexDigit(next);
                    if (hi >= 0) {
                        int lo = pos + 2 < s.length() ? hexDigit(s.charAt(pos + 2)) : -1;
                        if (lo < 0) {
                            throw new NameSyntaxException(pos, "expected two hex digits after '\\'");
                        }
                        if (pendingAt < 0) {
                            pendingAt = pos;
                        }
                        pending.write(hi * 16 + lo);
                        pos += 3;
                        continue;
                    }
                    if ((SPECIALS + " #=").indexOf(next) < 0) {
                        throw new NameSyntaxException(pos, "'\\" + next + "' is not an escape; escape only "
                                + "\" + , ; < > \\ space # = or write two hex digits");
                    }
                    flush(value, pending, pendingAt);
                    pendingAt = -1;
                    value.append(next);
                    pos += 2;
                    keep = value.length();
                    continue;
                }
                if (c == ';') {
                    throw new NameSyntaxException(pos, "unescaped ';' in a value; separate RDNs with ',' or write '\\;'");
                }
                if (c == '"' || c == '<' || c == '>') {
                    throw new NameSyntaxException(pos, "unescaped '" + c + "' in a value; write it as '\\" + c + "'");
                }
                if (flush(value, pending, pendingAt)) {
                    keep = value.length();
                }
                pendingAt = -1;
                value.append(c);
                if (c != ' ') {
                    keep = value.length();
                }
                pos++;
            }
            if (flush(value, pending, pendingAt)) {
                keep = value.length();
            }
            // Unescaped trailing spaces are not part of the value.
            value.setLength(keep);
            return AttributeValue.ofText(oid, value.toString());
        }

        private boolean flush(StringBuilder value, ByteArrayOutputStream pending, int at) throws NameSyntaxException {
            if (pending.size() == 0) {
                return false;
            }
            try {
                value.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(pending.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new NameSyntaxException(at, "hex escapes do not form valid UTF-8");
            }
            pending.reset();
            return true;
        }

        /** ASCII hex digits only: RFC 4514 hex pairs are never other Unicode digits. */
        private static int hexDigit(char c) {
            return c < 0x80 ? Character.digit(c, 16) : -1;
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
