package io.certgate.core.revocation;

import io.certgate.core.testing.Prerequisites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chromium/BoringSSL's {@code crl_unittest} vectors ({@code ../shared/conformance/boringssl-crl}, read in place,
 * skipped when absent): one CRL, path = [issuer, leaf] (plus the second issuer certificate as an extra certificate
 * in the key-rollover cases), validation time and max age from {@code expected.tsv}.
 *
 * <p>Two rows encode BoringSSL's lack of indirect-CRL support rather than RFC 5280, and certgate decides them
 * differently (see {@link #CERTGATE_DECISIONS}).
 */
class BoringSslCrlVectorsTest {
    private static final Path VECTORS = find();

    /**
     * Where certgate, implementing RFC 5280 §6.3.3 completely, deliberately differs from BoringSSL:
     * <ul>
     * <li>{@code bad_idp_indirectcrl}: the CRL is issued by the certificate issuer, its IDP name matches the
     * certificate's distribution point, and it also asserts indirectCRL. §6.3.3 (b)(1) only requires the indirectCRL
     * flag when the distribution point names a cRLIssuer; it never forbids an indirect CRL from covering its own
     * issuer's certificates (entries without certificateIssuer belong to the CRL issuer, §5.3.3). PKITS 4.14.22
     * "Valid IDP with indirectCRL" is the same situation and must validate. GOOD.</li>
     * <li>{@code bad_crldp_has_crlissuer}: the certificate's only distribution point names cRLIssuer "Test CRL
     * Issuer CA", so the supplied CRL (issued by the certificate issuer itself) does not match that distribution
     * point. §6.3.3 then repeats the process "with any available CRLs not specified in a distribution point but
     * issued by the certificate issuer", assuming a distribution point named after the issuer; the CRL has no
     * issuingDistributionPoint, so its scope is every certificate of its issuer, and it is signed by that issuer.
     * Bouncy Castle's PKIX validator applies the same rule. GOOD.</li>
     * </ul>
     */
    static final Map<String, String> CERTGATE_DECISIONS = Map.of(
            "bad_idp_indirectcrl.pem", "GOOD",
            "bad_crldp_has_crlissuer.pem", "GOOD");

    /** The UNKNOWN cause certgate gives, for the rows where it is not MALFORMED. */
    private static final Map<String, UnknownCause> CAUSES = Map.ofEntries(
            Map.entry("bad_fake_critical_extension.pem", UnknownCause.UNHANDLED_CRITICAL_EXTENSION),
            Map.entry("bad_fake_critical_crlentryextension.pem", UnknownCause.UNHANDLED_CRITICAL_EXTENSION),
            Map.entry("bad_signature.pem", UnknownCause.BAD_SIGNATURE),
            Map.entry("bad_thisupdate_in_future.pem", UnknownCause.NOT_YET_VALID),
            Map.entry("bad_thisupdate_too_old.pem", UnknownCause.STALE),
            Map.entry("bad_nextupdate_too_old.pem", UnknownCause.STALE),
            Map.entry("bad_wrong_issuer.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("bad_key_rollover_signature.pem", UnknownCause.BAD_SIGNATURE),
            Map.entry("bad_idp_contains_wrong_uri.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("bad_idp_onlycontainsusercerts.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("bad_idp_onlycontainscacerts.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("bad_idp_onlycontainscacerts_no_basic_constraints.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("bad_idp_uri_and_onlycontainsusercerts.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("bad_idp_uri_and_onlycontainscacerts.pem", UnknownCause.OUT_OF_SCOPE),
            Map.entry("invalid_issuer_keyusage_no_crlsign.pem", UnknownCause.UNAUTHORIZED_SIGNER),
            Map.entry("invalid_key_rollover_issuer_keyusage_no_crlsign.pem", UnknownCause.UNAUTHORIZED_SIGNER),
            Map.entry("invalid_idp_onlycontainsusercerts_v1_leaf.pem", UnknownCause.OUT_OF_SCOPE));

    record Row(String file, String crl, String issuer, String leaf, String issuer2, String expected, Instant at,
               Duration maxAge) {
        @Override
        public String toString() {
            return file;
        }
    }

    @BeforeAll
    static void requireVectors() {
        Prerequisites.require(VECTORS != null, "../shared/conformance/boringssl-crl");
    }

    private static Path find() {
        Path conformance = PkitsRevocationTest.findConformance();
        Path dir = conformance == null ? null : conformance.resolve("boringssl-crl");
        return dir != null && Files.isRegularFile(dir.resolve("expected.tsv")) ? dir : null;
    }

    static Stream<Row> rows() throws IOException {
        Prerequisites.require(VECTORS != null, "../shared/conformance/boringssl-crl");
        List<String> lines = Files.readAllLines(VECTORS.resolve("expected.tsv"), StandardCharsets.UTF_8);
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.add(new Row(f[0], f[1], f[2], f[3], f[4], f[5], Instant.parse(f[7]),
                    Duration.ofSeconds(Long.parseLong(f[8]))));
        }
        return out.stream();
    }

    @Test
    void hasSixtySixRows() throws IOException {
        assertEquals(66, rows().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void vector(Row row) throws Exception {
        List<X509Certificate> path = List.of(certificate(row.issuer()), certificate(row.leaf()));
        List<X509Certificate> extras = row.issuer2().isEmpty() ? List.of() : List.of(certificate(row.issuer2()));
        byte[] crl = Files.readAllBytes(VECTORS.resolve(row.crl()));
        CrlValidator validator = new CrlValidator(RevocationSettings.builder().maxAge(row.maxAge()).build());

        RevocationStatus status = validator.check(path, 1, List.of(crl), extras, row.at());

        String expected = CERTGATE_DECISIONS.getOrDefault(row.file(), row.expected());
        assertEquals(expected, status.status().name(), row.file() + ": " + status);
        if (status.status() == RevocationStatus.Status.UNKNOWN) {
            UnknownCause cause = CAUSES.getOrDefault(row.file(), UnknownCause.MALFORMED);
            assertEquals(cause, status.cause().orElseThrow(), row.file() + ": " + status);
        }
        assertTrue(status.detail().contains("serial 0x"), status.detail());
        if (status.status() == RevocationStatus.Status.REVOKED) {
            assertTrue(status.revocationTime().isPresent());
            assertTrue(status.thisUpdate().isPresent());
        }
    }

    private X509Certificate certificate(String file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(VECTORS.resolve(file))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
