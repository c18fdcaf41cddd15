package io.certgate.core.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * What identifies one certificate in OCSP (RFC 6960 §4.1.1 CertID): its issuer's name and key, and its serial
 * number, taken byte for byte from the certificates. Immutable.
 *
 * <p>issuerNameHash is computed over the issuer field of the certificate being checked, as RFC 6960 says; when
 * matching a response, a hash over the issuer certificate's subject field is accepted as well (the two are the
 * same name and almost always the same bytes; OpenSSL-based responders hash the latter). issuerKeyHash is over
 * the subjectPublicKey BIT STRING's key bits, without the unused-bits octet, as every implementation does.
 */
final class OcspCertId {
    static final String SHA1 = "1.3.14.3.2.26";
    static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final Map<String, String> DIGESTS = Map.of(
            SHA1, "SHA-1",
            SHA256, "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    /** How a response's CertID relates to this certificate. */
    enum Match {
        /** Same hash values and serial: the SingleResponse is about this certificate. */
        SAME,
        /** Same serial and issuerKeyHash, different issuerNameHash. */
        NAME_HASH_DIFFERS,
        /** Same serial and issuerNameHash, different issuerKeyHash. */
        KEY_HASH_DIFFERS,
        /** A hash algorithm certgate does not compute, so no match is possible. */
        UNSUPPORTED_HASH,
        /** Another certificate. */
        OTHER
    }

    private final byte[] certIssuerName;
    private final byte[] issuerSubject;
    private final byte[] issuerKeyBits;
    private final byte[] serialContent;
    private final BigInteger serial;

    private OcspCertId(byte[] certIssuerName, byte[] issuerSubject, byte[] issuerKeyBits, byte[] serialContent,
                       BigInteger serial) {
        this.certIssuerName = certIssuerName;
        this.issuerSubject = issuerSubject;
        this.issuerKeyBits = issuerKeyBits;
        this.serialContent = serialContent;
        this.serial = serial;
    }

    /**
     * The CertID of {@code cert} issued by {@code issuer}.
     *
     * @throws IOException when either certificate's TBSCertificate cannot be read
     */
    static OcspCertId of(X509Certificate cert, X509Certificate issuer) throws IOException {
        List<OcspDer.Tlv> certTbs = tbsFields(cert);
        List<OcspDer.Tlv> issuerTbs = tbsFields(issuer);
        OcspDer.Tlv serial = certTbs.get(0).expect(OcspDer.INTEGER, "serialNumber");
        return new OcspCertId(certTbs.get(2).encoded(), issuerTbs.get(4).encoded(), keyBits(issuerTbs.get(5)),
                serial.content(), cert.getSerialNumber());
    }

    /** The subjectPublicKey bits of a certificate: what responderID byKey hashes with SHA-1. */
    static byte[] publicKeyBits(X509Certificate cert) throws IOException {
        return keyBits(tbsFields(cert).get(5));
    }

    static byte[] sha1(byte[] data) {
        return digest("SHA-1", data);
    }

    /** The name of a CertID hash algorithm, or null when certgate does not support it. */
    static String digestName(String oid) {
        return DIGESTS.get(oid);
    }

    /** Compares a SingleResponse's CertID with this certificate. */
    Match match(String hashOid, byte[] nameHash, byte[] keyHash, BigInteger responseSerial) {
        String digest = DIGESTS.get(hashOid);
        if (digest == null) {
            return Match.UNSUPPORTED_HASH;
        }
        if (!serial.equals(responseSerial)) {
            return Match.OTHER;
        }
        boolean nameSame = MessageDigest.isEqual(nameHash, digest(digest, certIssuerName))
                || MessageDigest.isEqual(nameHash, digest(digest, issuerSubject));
        boolean keySame = MessageDigest.isEqual(keyHash, digest(digest, issuerKeyBits));
        if (nameSame && keySame) {
            return Match.SAME;
        }
        if (keySame) {
            return Match.NAME_HASH_DIFFERS;
        }
        return nameSame ? Match.KEY_HASH_DIFFERS : Match.OTHER;
    }

    /**
     * The DER CertID for a request: the hash algorithm with NULL parameters (as OpenSSL and BoringSSL send
     * them), the hashes, and the serial number INTEGER exactly as encoded in the certificate.
     */
    byte[] encode(RevocationSettings.CertIdHash hash) {
        String oid = hash == RevocationSettings.CertIdHash.SHA256 ? SHA256 : SHA1;
        String digest = DIGESTS.get(oid);
        byte[] algorithm = OcspDer.tlv(OcspDer.SEQUENCE, oidDer(oid), OcspDer.tlv(OcspDer.NULL));
        return OcspDer.tlv(OcspDer.SEQUENCE, algorithm,
                OcspDer.tlv(OcspDer.OCTET_STRING, digest(digest, certIssuerName)),
                OcspDer.tlv(OcspDer.OCTET_STRING, digest(digest, issuerKeyBits)),
                OcspDer.tlv(OcspDer.INTEGER, serialContent));
    }

    private static byte[] oidDer(String oid) {
        try {
            return new ASN1ObjectIdentifier(oid).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, … (version skipped). */
    private static List<OcspDer.Tlv> tbsFields(X509Certificate cert) throws IOException {
        byte[] tbs;
        try {
            tbs = cert.getTBSCertificate();
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot read the TBSCertificate of " + cert.getSubjectX500Principal(), e);
        }
        List<OcspDer.Tlv> fields = OcspDer.single(tbs, "TBSCertificate").expect(OcspDer.SEQUENCE, "TBSCertificate")
                .children();
        if (!fields.isEmpty() && fields.get(0).tag() == 0xa0) {
            fields = fields.subList(1, fields.size());
        }
        if (fields.size() < 6) {
            throw new IOException("TBSCertificate has " + fields.size() + " fields after the version");
        }
        return fields;
    }

    private static byte[] keyBits(OcspDer.Tlv spki) throws IOException {
        List<OcspDer.Tlv> parts = spki.expect(OcspDer.SEQUENCE, "subjectPublicKeyInfo").children();
        if (parts.size() != 2) {
            throw new IOException("subjectPublicKeyInfo has " + parts.size() + " elements");
        }
        byte[] bits = parts.get(1).expect(OcspDer.BIT_STRING, "subjectPublicKey").content();
        if (bits.length == 0) {
            throw new IOException("subjectPublicKey is empty");
        }
        return Arrays.copyOfRange(bits, 1, bits.length);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
