package io.certgate.core.revocation;

import io.certgate.core.testing.FuzzPki;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The committed OCSP and CRL seeds still reach the end of validation: their issuer's key, derived again in every
 * run, is the key that signed them. Were it not, the fuzz tests would start from inputs that fail at the first check.
 */
class FuzzSeedsTest {
    private static final X509Certificate LEAF = FuzzPki.LEAF.certificate();
    private static final X509Certificate CA = FuzzPki.CA.certificate();

    @Test
    void ocspSeedsDecide() {
        OcspValidator validator = new OcspValidator(RevocationSettings.defaults());
        assertEquals(RevocationStatus.Status.GOOD, validator.validate(seed("OcspFuzzTestInputs/response/good.der"),
                LEAF, CA, FuzzPki.NOW, null).status());
        assertEquals(RevocationStatus.Status.REVOKED, validator.validate(seed("OcspFuzzTestInputs/response/revoked.der"),
                LEAF, CA, FuzzPki.NOW, null).status());
        assertEquals(RevocationStatus.Status.GOOD, validator.validate(seed("OcspFuzzTestInputs/response/nonce.der"),
                LEAF, CA, FuzzPki.NOW, FuzzSeeds.NONCE).status());
        assertEquals(RevocationStatus.Status.GOOD, validator.validate(
                seed("OcspFuzzTestInputs/response/delegated-by-key-sha256.der"), LEAF, CA, FuzzPki.NOW, null).status());
    }

    @Test
    void crlSeedsDecide() {
        CrlValidator validator = new CrlValidator(RevocationSettings.defaults());
        List<X509Certificate> path = List.of(CA, LEAF);
        RevocationStatus revoked = validator.check(path, 1, List.of(seed("CrlFuzzTestInputs/crl/revokes-leaf.der")),
                List.of(), FuzzPki.NOW);
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked::toString);
        RevocationStatus good = validator.check(path, 1, List.of(seed("CrlFuzzTestInputs/crl/hundred-entries.der")),
                List.of(), FuzzPki.NOW);
        assertEquals(RevocationStatus.Status.GOOD, good.status(), good::toString);
    }

    private static byte[] seed(String name) {
        try (InputStream in = FuzzSeedsTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
