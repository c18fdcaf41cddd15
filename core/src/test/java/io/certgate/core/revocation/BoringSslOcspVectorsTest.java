package io.certgate.core.revocation;

import io.certgate.core.testing.Prerequisites;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BoringSSL's OCSP vectors (pki/testdata/ocsp_unittest, read from {@code ../shared/conformance/boringssl-ocsp};
 * skipped when that folder is absent). Each row: the response, issuer and leaf, verify time 2017-03-05 and a
 * 7-day max age; the expected GOOD/REVOKED/UNKNOWN, and for UNKNOWN the cause certgate gives.
 *
 * <p>Policy-dependent rows (SOURCE.md) and what certgate decides: old_response is STALE because the max age
 * bounds thisUpdate's age; has_critical_ct_extension is GOOD because certgate treats the SCT list as understood
 * and ignorable; multiple_response (good and unknown for the same certificate) is INVALID;
 * multiple_response_good_revoked is REVOKED because any valid revoked answer wins. produced_early_response and
 * produced_late_response are UNAUTHORIZED_SIGNER: the signer was not valid when it says it produced them.
 */
class BoringSslOcspVectorsTest {
    private static final Map<String, UnknownCause> CAUSES = Map.ofEntries(
            Map.entry("no_response.pem", UnknownCause.NO_MATCHING_RESPONSE),
            Map.entry("malformed_request.pem", UnknownCause.ERROR_RESPONSE),
            Map.entry("bad_status.pem", UnknownCause.MALFORMED),
            Map.entry("bad_ocsp_type.pem", UnknownCause.MALFORMED),
            Map.entry("bad_signature.pem", UnknownCause.BAD_SIGNATURE),
            Map.entry("ocsp_sign_indirect_missing.pem", UnknownCause.UNAUTHORIZED_SIGNER),
            Map.entry("ocsp_sign_bad_indirect.pem", UnknownCause.UNAUTHORIZED_SIGNER),
            Map.entry("unknown_response.pem", UnknownCause.RESPONDER_UNKNOWN),
            Map.entry("multiple_response.pem", UnknownCause.INVALID),
            Map.entry("other_response.pem", UnknownCause.NO_MATCHING_RESPONSE),
            Map.entry("has_critical_single_extension.pem", UnknownCause.UNHANDLED_CRITICAL_EXTENSION),
            Map.entry("has_critical_response_extension.pem", UnknownCause.UNHANDLED_CRITICAL_EXTENSION),
            Map.entry("missing_response.pem", UnknownCause.NO_MATCHING_RESPONSE),
            Map.entry("stale_response.pem", UnknownCause.STALE),
            Map.entry("future_response.pem", UnknownCause.NOT_YET_VALID),
            Map.entry("old_response.pem", UnknownCause.STALE),
            Map.entry("produced_early_response.pem", UnknownCause.UNAUTHORIZED_SIGNER),
            Map.entry("produced_late_response.pem", UnknownCause.UNAUTHORIZED_SIGNER),
            Map.entry("invalid_response.pem", UnknownCause.MALFORMED),
            Map.entry("invalid_response_data.pem", UnknownCause.MALFORMED));

    private record Row(String file, Path response, Path issuer, Path leaf, Path request, String expected,
                       Instant verifyTime, Duration maxAge) {
    }

    @TestFactory
    Stream<DynamicTest> eachVectorGivesTheExpectedStatus() throws IOException {
        List<Row> rows = rows();
        assertEquals(36, rows.size(), "rows in expected.tsv");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.file(), () -> {
            OcspValidator validator = new OcspValidator(RevocationSettings.builder().maxAge(row.maxAge()).build());
            RevocationStatus status = validator.validate(Files.readAllBytes(row.response()), cert(row.leaf()),
                    cert(row.issuer()), row.verifyTime(), null);
            assertEquals(row.expected(), status.status().name(), status.toString());
            if (status.status() == RevocationStatus.Status.UNKNOWN) {
                assertEquals(CAUSES.get(row.file()), status.cause().orElseThrow(), status.toString());
            }
        }));
    }

    @Test
    void revocationReasonsAreReported() throws Exception {
        Path dir = folder();
        OcspValidator validator = new OcspValidator(RevocationSettings.builder().maxAge(Duration.ofDays(7)).build());
        Instant time = Instant.parse("2017-03-05T00:00:00Z");
        RevocationStatus withReason = validator.validate(
                Files.readAllBytes(dir.resolve("der/revoke_response_reason.ocsp-response.der")),
                cert(dir.resolve("der/revoke_response_reason.cert.der")),
                cert(dir.resolve("der/revoke_response_reason.ca-cert.der")), time, null);
        assertEquals(Optional.of("keyCompromise"), withReason.reason());
        assertEquals(Optional.of(Instant.parse("2017-02-01T00:00:00Z")), withReason.revocationTime());
        RevocationStatus plain = validator.validate(
                Files.readAllBytes(dir.resolve("der/revoke_response.ocsp-response.der")),
                cert(dir.resolve("der/revoke_response.cert.der")),
                cert(dir.resolve("der/revoke_response.ca-cert.der")), time, null);
        assertEquals(Optional.of("unspecified"), plain.reason());
        assertEquals("OCSP response for serial 5: revoked at 2017-02-01T00:00:00Z (unspecified), thisUpdate "
                + "2017-03-01T00:00:00Z, nextUpdate none, signed by the issuer CN=Test Intermediate CA", plain.detail());
    }

    /** OcspRequests must produce, byte for byte, the SHA-1 request BoringSSL's CreateOCSPRequest produces. */
    @TestFactory
    Stream<DynamicTest> requestsMatchBoringSsl() throws IOException {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.file(), () -> assertArrayEquals(
                Files.readAllBytes(row.request()),
                OcspRequests.encode(cert(row.leaf()), cert(row.issuer()), RevocationSettings.CertIdHash.SHA1, null))));
    }

    private static List<Row> rows() throws IOException {
        Path dir = folder();
        List<String> lines = Files.readAllLines(dir.resolve("expected.tsv"));
        List<String> header = List.of(lines.get(0).split("\t"));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(f[header.indexOf("file")],
                    dir.resolve(f[header.indexOf("ocsp_response_der")]),
                    dir.resolve(f[header.indexOf("issuer_cert_der")]),
                    dir.resolve(f[header.indexOf("leaf_cert_der")]),
                    dir.resolve(f[header.indexOf("ocsp_request_der")]),
                    f[header.indexOf("expected_revocation_status")],
                    Instant.parse(f[header.indexOf("verify_time")]),
                    Duration.ofSeconds(Long.parseLong(f[header.indexOf("max_age_seconds")]))));
        }
        return rows;
    }

    private static X509Certificate cert(Path file) throws IOException, CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    /** ../shared/conformance/boringssl-ocsp from the working directory or an ancestor; skips the test when absent. */
    private static Path folder() {
        Path dir = io.certgate.core.testing.Conformance.corpus("boringssl-ocsp").orElse(null);
        Prerequisites.require(dir != null, "../shared/conformance/boringssl-ocsp");
        return dir;
    }
}
