package io.certgate.core.revocation;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * A parsed BasicOCSPResponse (RFC 6960 §4.2.1), not yet trusted: {@link OcspResponseParser} makes it,
 * {@link OcspSigner} authenticates it and {@link OcspValidator} judges it. Package-private, so the
 * BouncyCastle {@link AlgorithmIdentifier} stays inside.
 *
 * @param signedBytes        tbsResponseData exactly as received, the bytes the signature covers
 * @param signatureAlgorithm the signatureAlgorithm field
 * @param signature          the signature bits
 * @param certs              the certs field, in order (empty when absent)
 * @param responderId        who claims to have signed
 * @param producedAt         when the responder signed
 * @param responses          every SingleResponse, in order
 * @param extensions         the responseExtensions (empty when absent)
 */
record OcspBasicResponse(byte[] signedBytes, AlgorithmIdentifier signatureAlgorithm, byte[] signature,
                         List<X509Certificate> certs, ResponderId responderId, Instant producedAt,
                         List<Single> responses, List<Extension> extensions) {

    /** The responderID CHOICE: exactly one of {@code name} (DER Name) and {@code keyHash} is set. */
    record ResponderId(byte[] name, byte[] keyHash) {
        @Override
        public String toString() {
            if (keyHash != null) {
                return "byKey " + OcspDer.hex(keyHash);
            }
            try {
                return "byName " + DistinguishedName.fromDer(name);
            } catch (CertificateFormatException e) {
                return "byName (undecodable name " + OcspDer.hex(name) + ")";
            }
        }
    }

    /** The certStatus CHOICE. */
    enum CertState { GOOD, REVOKED, UNKNOWN }

    /**
     * One SingleResponse.
     *
     * @param reason         the CRLReason code of a revoked status, or null when none is given
     * @param nextUpdate     null when the responder gives none
     */
    record Single(String hashAlgorithm, byte[] issuerNameHash, byte[] issuerKeyHash, BigInteger serial,
                  CertState state, Instant revocationTime, Integer reason, Instant thisUpdate, Instant nextUpdate,
                  List<Extension> extensions) {
    }

    /** One extension: its OID, criticality and the contents of extnValue. */
    record Extension(String oid, boolean critical, byte[] value) {
    }
}
