package io.certgate.core.files;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Why the Java platform's certificate factory refuses a certificate whose DER is well formed, in words a reader can act
 * on. The platform refuses some certificates that RFC 5280 readers such as openssl accept: an empty issuer name, an RSA
 * key under 512 bits, an EC key with explicit curve parameters. Its own messages are Java exception text, so the reason
 * is read from the certificate instead.
 */
final class JdkRefusals {
    /** What is said when none of the known reasons applies. */
    static final String UNKNOWN = "not a valid certificate encoding";
    private static final byte[] RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final int OID = 0x06;
    private static final int SEQUENCE = 0x30;
    private static final int NULL = 0x05;
    private static final int MIN_RSA_BITS = 512;

    private JdkRefusals() {
    }

    /** The reason the platform refuses {@code der}, one certificate; {@link #UNKNOWN} when it is none of the known ones. */
    static String why(byte[] der) {
        try {
            List<DerScan.Tlv> tbs = DerScan.children(der, DerScan.children(der, DerScan.element(der, 0)).get(0));
            List<DerScan.Tlv> fields = tbs.get(0).tag() == 0xa0 ? tbs.subList(1, tbs.size()) : tbs;
            DerScan.Tlv issuer = fields.get(2);
            if (issuer.tag() == SEQUENCE && issuer.contentStart() == issuer.contentEnd()) {
                return "the issuer name is empty, and the Java platform does not read a certificate without one "
                        + "(RFC 5280 §4.1.2.4 requires it)";
            }
            String key = key(der, fields.get(5));
            return key != null ? key : UNKNOWN;
        } catch (DerScan.Malformed | IndexOutOfBoundsException e) {
            return UNKNOWN;
        }
    }

    /** What the platform refuses about a SubjectPublicKeyInfo, or null. */
    private static String key(byte[] der, DerScan.Tlv spki) throws DerScan.Malformed {
        List<DerScan.Tlv> parts = DerScan.children(der, spki);
        List<DerScan.Tlv> algorithm = DerScan.children(der, parts.get(0));
        DerScan.Tlv oid = algorithm.get(0);
        if (oid.tag() != OID) {
            return null;
        }
        if (is(der, oid, RSA)) {
            DerScan.Tlv bits = parts.get(1);
            // a BIT STRING: the unused-bits octet, then the RSAPublicKey SEQUENCE of modulus and exponent
            byte[] key = Arrays.copyOfRange(der, bits.contentStart() + 1, bits.contentEnd());
            DerScan.Tlv modulus = DerScan.children(key, DerScan.element(key, 0)).get(0);
            int length = new BigInteger(1, Arrays.copyOfRange(key, modulus.contentStart(), modulus.contentEnd())).bitLength();
            if (length < MIN_RSA_BITS) {
                return "its RSA key has " + length + " bits, and the Java platform does not read RSA keys under "
                        + MIN_RSA_BITS + " bits";
            }
            return null;
        }
        if (is(der, oid, EC) && algorithm.size() > 1) {
            int parameters = algorithm.get(1).tag();
            if (parameters == SEQUENCE || parameters == NULL) {
                return "its EC key gives the curve by " + (parameters == SEQUENCE ? "explicit parameters" : "no parameters")
                        + " instead of naming it, and the Java platform reads only named curves (as RFC 5480 §2.1.1 "
                        + "requires)";
            }
        }
        return null;
    }

    private static boolean is(byte[] der, DerScan.Tlv oid, byte[] expected) {
        return Arrays.equals(der, oid.contentStart(), oid.contentEnd(), expected, 0, expected.length);
    }
}
