package io.certgate.core.revocation;

import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Builds OCSP requests (RFC 6960 §4.1): one CertID, no requestorName, no signature, and optionally a nonce
 * extension (RFC 8954). Thread-safe.
 */
final class OcspRequests {
    /** The nonce length certgate sends: RFC 8954 allows 1 to 32 octets and recommends at least 16. */
    static final int NONCE_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private OcspRequests() {
    }

    /**
     * The DER OCSPRequest for {@code cert}.
     *
     * @param hash        the CertID hash algorithm ({@code revocation.ocsp.hash})
     * @param nonceOrNull the nonce to send, or null for none; {@link OcspValidator} must then get the same bytes
     * @throws IllegalArgumentException when a certificate's encoding cannot be read, or the nonce is empty or
     *                                  longer than 32 bytes
     */
    static byte[] encode(X509Certificate cert, X509Certificate issuer, RevocationSettings.CertIdHash hash,
                         byte[] nonceOrNull) {
        Objects.requireNonNull(hash, "hash");
        OcspCertId id;
        try {
            id = OcspCertId.of(Objects.requireNonNull(cert, "cert"), Objects.requireNonNull(issuer, "issuer"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot build an OCSP request for serial "
                    + cert.getSerialNumber().toString(16) + ": " + e.getMessage(), e);
        }
        byte[] request = OcspDer.tlv(OcspDer.SEQUENCE, id.encode(hash));
        byte[] requestList = OcspDer.tlv(OcspDer.SEQUENCE, request);
        byte[] tbsRequest;
        if (nonceOrNull == null) {
            tbsRequest = OcspDer.tlv(OcspDer.SEQUENCE, requestList);
        } else {
            if (nonceOrNull.length < 1 || nonceOrNull.length > 32) {
                throw new IllegalArgumentException("an OCSP nonce must be 1 to 32 bytes: [" + nonceOrNull.length + "]");
            }
            byte[] nonceExtension = OcspDer.tlv(OcspDer.SEQUENCE, oid(OcspValidator.NONCE),
                    OcspDer.tlv(OcspDer.OCTET_STRING, OcspDer.tlv(OcspDer.OCTET_STRING, nonceOrNull)));
            byte[] requestExtensions = OcspDer.tlv(0xa2, OcspDer.tlv(OcspDer.SEQUENCE, nonceExtension));
            tbsRequest = OcspDer.tlv(OcspDer.SEQUENCE, requestList, requestExtensions);
        }
        return OcspDer.tlv(OcspDer.SEQUENCE, tbsRequest);
    }

    /** {@value #NONCE_LENGTH} fresh random bytes from {@link SecureRandom}. */
    static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    private static byte[] oid(String oid) {
        try {
            return new ASN1ObjectIdentifier(oid).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
