package io.certgate.core.revocation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.core.testing.FuzzPki;

import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as an OCSP response give a parsed response or an {@link OcspProblem}, and a {@link RevocationStatus}
 * from the validator whose every UNKNOWN names a specific cause: never an exception, and never the validator's
 * safety net for unexpected runtime exceptions. Seeds: {@code OcspFuzzTestInputs/response}, responses about
 * {@link FuzzPki#LEAF} written by {@link FuzzSeeds}.
 */
class OcspFuzzTest {
    private static final X509Certificate LEAF = FuzzPki.LEAF.certificate();
    private static final X509Certificate CA = FuzzPki.CA.certificate();
    private static final OcspValidator VALIDATOR = new OcspValidator(RevocationSettings.defaults());
    private static final String PREFIX = "OCSP response for serial 1f3a: ";
    private static final String SAFETY_NET = "the response could not be processed (";

    @FuzzTest(maxDuration = "5m")
    void response(byte[] der) {
        OcspBasicResponse parsed = null;
        try {
            parsed = OcspResponseParser.parse(der);
            assertNotNull(parsed.responderId().toString());
            assertNotNull(parsed.producedAt());
        } catch (OcspProblem p) {
            assertNotNull(p.unknownCause());
            assertNotNull(p.reason());
        }
        for (byte[] nonce : new byte[][] {null, FuzzSeeds.NONCE}) {
            RevocationStatus status = VALIDATOR.validate(der, LEAF, CA, FuzzPki.NOW, nonce);
            assertEquals(RevocationStatus.Source.OCSP, status.source(), status::toString);
            assertTrue(status.detail().startsWith(PREFIX), status::toString);
            if (status.status() == RevocationStatus.Status.UNKNOWN) {
                assertTrue(status.cause().isPresent(), status::toString);
                assertFalse(status.detail().contains(SAFETY_NET), status::toString);
            } else {
                assertNotNull(parsed, () -> "a response that does not parse decided " + status);
            }
        }
    }
}
