package io.certgate.core.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict decoding of the ASN.1 character string types found in names and general names. */
final class DirectoryStrings {
    private DirectoryStrings() {
    }

    static boolean isStringTag(int tag) {
        return switch (tag) {
            case Der.UTF8_STRING, Der.PRINTABLE_STRING, Der.TELETEX_STRING, Der.IA5_STRING,
                 Der.VISIBLE_STRING, Der.NUMERIC_STRING, Der.UNIVERSAL_STRING, Der.BMP_STRING -> true;
            default -> false;
        };
    }

    static String typeName(int tag) {
        return switch (tag) {
            case Der.UTF8_STRING -> "UTF8String";
            case Der.PRINTABLE_STRING -> "PrintableString";
            case Der.TELETEX_STRING -> "TeletexString";
            case Der.IA5_STRING -> "IA5String";
            case Der.VISIBLE_STRING -> "VisibleString";
            case Der.NUMERIC_STRING -> "NumericString";
            case Der.UNIVERSAL_STRING -> "UniversalString";
            case Der.BMP_STRING -> "BMPString";
            case 0x01 -> "BOOLEAN";
            case Der.INTEGER -> "INTEGER";
            case 0x03 -> "BIT STRING";
            case Der.OCTET_STRING -> "OCTET STRING";
            case 0x05 -> "NULL";
            case Der.OID -> "OBJECT IDENTIFIER";
            case 0x0a -> "ENUMERATED";
            case 0x17 -> "UTCTime";
            case 0x18 -> "GeneralizedTime";
            case Der.SEQUENCE -> "SEQUENCE";
            case Der.SET -> "SET";
            default -> "tag 0x" + Integer.toHexString(tag);
        };
    }

    /**
     * Decodes the contents of a string of the given tag; TeletexString is read as ISO 8859-1, as
     * deployed software writes it.
     *
     * @throws DerException naming the offending byte or code unit when the contents are not valid
     */
    static String decode(int tag, byte[] c) throws DerException {
        switch (tag) {
            case Der.UTF8_STRING:
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(c)).toString();
                } catch (CharacterCodingException e) {
                    throw new DerException("invalid UTF-8 in UTF8String");
                }
            case Der.PRINTABLE_STRING:
                for (int i = 0; i < c.length; i++) {
                    if (!isPrintableStringChar(c[i] & 0xff)) {
                        throw new DerException(String.format("byte 0x%02x at offset %d is not allowed in a PrintableString", c[i] & 0xff, i));
                    }
                }
                return new String(c, StandardCharsets.US_ASCII);
            case Der.IA5_STRING:
                return ascii(c, 0x00, 0x7f, "an IA5String");
            case Der.VISIBLE_STRING:
                return ascii(c, 0x20, 0x7e, "a VisibleString");
            case Der.NUMERIC_STRING:
                for (int i = 0; i < c.length; i++) {
                    int b = c[i] & 0xff;
                    if (b != ' ' && (b < '0' || b > '9')) {
                        throw new DerException(String.format("byte 0x%02x at offset %d is not allowed in a NumericString", b, i));
                    }
                }
                return new String(c, StandardCharsets.US_ASCII);
            case Der.TELETEX_STRING:
                return new String(c, StandardCharsets.ISO_8859_1);
            case Der.BMP_STRING: {
                if (c.length % 2 != 0) {
                    throw new DerException("BMPString of odd length " + c.length);
                }
                StringBuilder sb = new StringBuilder(c.length / 2);
                for (int i = 0; i < c.length; i += 2) {
                    char ch = (char) (((c[i] & 0xff) << 8) | (c[i + 1] & 0xff));
                    if (Character.isSurrogate(ch)) {
                        throw new DerException(String.format("surrogate 0x%04x in a BMPString", (int) ch));
                    }
                    sb.append(ch);
                }
                return sb.toString();
            }
            case Der.UNIVERSAL_STRING: {
                if (c.length % 4 != 0) {
                    throw new DerException("UniversalString of length " + c.length + ", not a multiple of 4");
                }
                StringBuilder sb = new StringBuilder(c.length / 4);
                for (int i = 0; i < c.length; i += 4) {
                    int cp = ((c[i] & 0xff) << 24) | ((c[i + 1] & 0xff) << 16) | ((c[i + 2] & 0xff) << 8) | (c[i + 3] & 0xff);
                    if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xd800 && cp <= 0xdfff)) {
                        throw new DerException(String.format("invalid code point 0x%x in a UniversalString", cp));
                    }
                    sb.appendCodePoint(cp);
                }
                return sb.toString();
            }
            default:
                throw new DerException("not a character string: " + typeName(tag));
        }
    }

    private static String ascii(byte[] c, int min, int max, String type) throws DerException {
        for (int i = 0; i < c.length; i++) {
            int b = c[i] & 0xff;
            if (b < min || b > max) {
                throw new DerException(String.format("byte 0x%02x at offset %d is not allowed in %s", b, i, type));
            }
        }
        return new String(c, StandardCharsets.US_ASCII);
    }

    /** X.680 PrintableString, plus '*' which deployed certificates use and other verifiers accept. */
    private static boolean isPrintableStringChar(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || " '()+,-./:=?*".indexOf(b) >= 0;
    }
}
