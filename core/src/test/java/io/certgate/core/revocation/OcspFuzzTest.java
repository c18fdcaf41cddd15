package io.certgate.core.revocation;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.core.testing.FuzzPki;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as an OCSP response give a parsed response or an {@link OcspProblem}, and a {@link RevocationStatus}
 * from the validator whose every UNKNOWN names a specific cause: never an exception, and never the validator's
 * safety net for unexpected runtime exceptions. Seeds: {@code OcspFuzzTestInputs/*}, among them responses about
 * {@link FuzzPki#LEAF} written by {@link FuzzSeeds}.
 */
class OcspFuzzTest {
    private static final X509Certificate LEAF = FuzzPki.LEAF.certificate();
    private static final X509Certificate CA = FuzzPki.CA.certificate();
    private static final OcspValidator VALIDATOR = new OcspValidator(RevocationSettings.defaults());
    private static final String PREFIX = "OCSP response for serial 1f3a: ";
    private static final String SAFETY_NET = "the response could not be processed (";

    private static final ASN1ObjectIdentifier[] HASHES = {OIWObjectIdentifiers.idSHA1, NISTObjectIdentifiers.id_sha256,
        NISTObjectIdentifiers.id_sha512, PKCSObjectIdentifiers.md5};
    private static final ASN1ObjectIdentifier[] EXTENSIONS = {new ASN1ObjectIdentifier(OcspValidator.NONCE),
        new ASN1ObjectIdentifier(OcspValidator.CT_SCT_LIST), new ASN1ObjectIdentifier("1.2.3.4")};
    private static final long TEN_DAYS = Duration.ofDays(10).toSeconds();

    /** Any bytes as an OCSP response. */
    @FuzzTest(maxDuration = "5m")
    void response(byte[] der) {
        check(der);
    }

    /**
     * Responses about the leaf, correctly signed by its CA, with statuses, times, CertID and extensions the fuzzer
     * chooses: they reach the checks after the signature, which mutated bytes never pass. A REVOKED status needs a
     * revoked SingleResponse, and a GOOD one only good ones.
     */
    @FuzzTest(maxDuration = "5m")
    void signedResponse(FuzzedDataProvider data) {
        OcspValidatorTest.Response response = OcspValidatorTest.Response.about(FuzzPki.LEAF).issuedBy(FuzzPki.CA)
                .signedBy(FuzzPki.CA);
        List<CertificateStatus> statuses = new ArrayList<>();
        int singles = data.consumeInt(1, 3);
        for (int i = 0; i < singles; i++) {
            CertificateStatus status = status(data);
            statuses.add(status);
            if (i == 0) {
                response.status(status);
            } else {
                response.also(status);
            }
        }
        response.thisUpdate(time(data)).producedAt(time(data)).nextUpdate(data.consumeBoolean() ? null : time(data));
        if (data.consumeBoolean()) {
            response.serial(BigInteger.valueOf(0x1f3a + data.consumeInt(-1, 1)));
        }
        response.certIdHash(data.pickValue(HASHES));
        if (data.consumeBoolean()) {
            response.byKey();
        }
        byte[] nonce = data.consumeBoolean() ? data.consumeBytes(40) : null;
        if (nonce != null) {
            response.nonce(nonce);
        }
        if (data.consumeBoolean()) {
            response.responseExtension(new Extension(data.pickValue(EXTENSIONS), data.consumeBoolean(),
                    data.consumeBytes(20)));
        }
        if (data.consumeBoolean()) {
            response.singleExtension(new Extension(data.pickValue(EXTENSIONS), data.consumeBoolean(),
                    data.consumeBytes(20)));
        }
        byte[] der = response.encoded();
        for (RevocationStatus status : check(der, nonce)) {
            if (status.status() == RevocationStatus.Status.REVOKED) {
                assertTrue(statuses.stream().anyMatch(RevokedStatus.class::isInstance), status::toString);
            } else if (status.status() == RevocationStatus.Status.GOOD) {
                assertTrue(statuses.stream().allMatch(s -> s == CertificateStatus.GOOD), status::toString);
            }
        }
    }

    private static CertificateStatus status(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> CertificateStatus.GOOD;
            case 1 -> {
                Date at = Date.from(time(data));
                int reason = data.consumeInt(-1, 10);
                yield reason < 0 ? new RevokedStatus(new RevokedInfo(new ASN1GeneralizedTime(at), null))
                        : new RevokedStatus(at, reason == 7 ? CRLReason.removeFromCRL : reason);
            }
            default -> new UnknownStatus();
        };
    }

    private static Instant time(FuzzedDataProvider data) {
        return FuzzPki.NOW.plusSeconds(data.consumeLong(-TEN_DAYS, TEN_DAYS));
    }

    private static List<RevocationStatus> check(byte[] der, byte[]... nonces) {
        OcspBasicResponse parsed = null;
        try {
            parsed = OcspResponseParser.parse(der);
            assertNotNull(parsed.responderId().toString());
            assertNotNull(parsed.producedAt());
        } catch (OcspProblem p) {
            assertNotNull(p.unknownCause());
            assertNotNull(p.reason());
        }
        List<RevocationStatus> statuses = new ArrayList<>();
        for (byte[] nonce : nonces.length == 0 ? new byte[][] {null, FuzzSeeds.NONCE} : nonces) {
            RevocationStatus status = VALIDATOR.validate(der, LEAF, CA, FuzzPki.NOW, nonce);
            statuses.add(status);
            assertEquals(RevocationStatus.Source.OCSP, status.source(), status::toString);
            assertTrue(status.detail().startsWith(PREFIX), status::toString);
            if (status.status() == RevocationStatus.Status.UNKNOWN) {
                assertTrue(status.cause().isPresent(), status::toString);
                assertFalse(status.detail().contains(SAFETY_NET), status::toString);
            } else {
                assertNotNull(parsed, () -> "a response that does not parse decided " + status);
            }
        }
        return statuses;
    }
}
