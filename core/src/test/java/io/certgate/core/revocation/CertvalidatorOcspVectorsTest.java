package io.certgate.core.revocation;

import io.certgate.core.testing.Prerequisites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * OpenSSL's OCSP test responses as path cases from wbond/certvalidator ({@code
 * ../shared/conformance/openssl-ocsp/expected-certvalidator.tsv}; skipped when absent). Every certificate below
 * the root is checked against its predecessor with the row's responses, using the first response that is not
 * NO_MATCHING_RESPONSE for it (as {@link RevocationChecker} does); the path is valid when every one is GOOD.
 * For an invalid row, the certificate certvalidator blames must be refused with the matching cause.
 *
 * <p>One row differs by policy, not by OCSP validation: see {@link #DIFFERENCES}.
 */
class CertvalidatorOcspVectorsTest {
    /**
     * Rows where certgate's verdict differs from certvalidator's, and why. certvalidator runs these cases in its
     * default soft-fail mode, where a certificate that no supplied response covers is passed unchecked.
     * certgate fails closed: a certificate in the path with no usable OCSP answer is UNKNOWN, which denies.
     * The row still proves what it is about (the leaf's delegated-responder response is GOOD), asserted below.
     */
    static final Map<String, String> DIFFERENCES = Map.of("delegated_with_intermediate_success",
            "certvalidator soft-fail: no response is supplied for D1_Issuer_ICA (issued by R2), so certvalidator "
                    + "skips it; certgate reports NO_MATCHING_RESPONSE for it, and the path is not all GOOD");

    private static final Map<String, UnknownCause> CAUSE_BY_ERROR = Map.of(
            "Unable to verify OCSP response signature", UnknownCause.BAD_SIGNATURE,
            "response signing certificate could not be located", UnknownCause.UNAUTHORIZED_SIGNER,
            "response signing certificate could not be validated", UnknownCause.UNAUTHORIZED_SIGNER,
            "issuer name hash does not match", UnknownCause.NO_MATCHING_RESPONSE,
            "issuer key hash does not match", UnknownCause.NO_MATCHING_RESPONSE);

    private record Row(String name, List<X509Certificate> path, List<byte[]> responses, Instant time,
                       boolean valid, String error) {
    }

    @TestFactory
    Stream<DynamicTest> eachPathCaseGivesTheExpectedVerdict() throws IOException {
        List<Row> rows = rows();
        assertEquals(28, rows.size(), "rows in expected-certvalidator.tsv");
        OcspValidator validator = new OcspValidator(RevocationSettings.defaults());
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            List<RevocationStatus> statuses = new ArrayList<>();
            for (int i = 1; i < row.path().size(); i++) {
                statuses.add(status(validator, row, i));
            }
            boolean allGood = statuses.stream().allMatch(s -> s.status() == RevocationStatus.Status.GOOD);
            String report = row.name() + ": " + statuses;
            if (DIFFERENCES.containsKey(row.name())) {
                assertEquals(!row.valid(), allGood, DIFFERENCES.get(row.name()) + "; " + report);
                assertEquals(RevocationStatus.Status.GOOD, statuses.get(statuses.size() - 1).status(), report);
                return;
            }
            assertEquals(row.valid(), allGood, report);
            if (!row.valid()) {
                int blamed = row.error().contains("intermediate certificate 1") ? 1 : row.path().size() - 1;
                UnknownCause expected = CAUSE_BY_ERROR.entrySet().stream()
                        .filter(e -> row.error().contains(e.getKey())).map(Map.Entry::getValue).findFirst()
                        .orElseThrow(() -> new AssertionError("no cause mapped for " + row.error()));
                assertEquals(expected, statuses.get(blamed - 1).cause().orElse(null), report);
            }
        }));
    }

    private static RevocationStatus status(OcspValidator validator, Row row, int index) {
        X509Certificate cert = row.path().get(index);
        X509Certificate issuer = row.path().get(index - 1);
        RevocationStatus last = null;
        for (byte[] response : row.responses()) {
            last = validator.validate(response, cert, issuer, row.time(), null);
            if (last.cause().orElse(null) != UnknownCause.NO_MATCHING_RESPONSE) {
                return last;
            }
        }
        return last;
    }

    private static List<Row> rows() throws IOException {
        Path dir = folder();
        List<String> lines = Files.readAllLines(dir.resolve("expected-certvalidator.tsv"));
        List<String> header = List.of(lines.get(0).split("\t"));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                List<X509Certificate> path = new ArrayList<>();
                path.add(cert(dir.resolve(f[header.indexOf("trust_root")])));
                for (String name : list(f[header.indexOf("intermediates")])) {
                    path.add(cert(dir.resolve(name)));
                }
                path.add(cert(dir.resolve(f[header.indexOf("leaf")])));
                assertEquals(Integer.parseInt(f[header.indexOf("path_len")]), path.size(), "path_len of " + f[0]);
                List<byte[]> responses = new ArrayList<>();
                for (String name : list(f[header.indexOf("ocsp_response_b64_files")])) {
                    responses.add(Base64.getMimeDecoder().decode(
                            Files.readString(dir.resolve(name), StandardCharsets.US_ASCII).trim()));
                }
                rows.add(new Row(f[header.indexOf("case")], List.copyOf(path), List.copyOf(responses),
                        Instant.parse(f[header.indexOf("validation_time")]),
                        f[header.indexOf("expected")].equals("valid"), f[header.indexOf("expected_error_msg")]));
            } catch (CertificateException e) {
                throw new IOException("cannot read the certificates of " + f[0] + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static List<String> list(String field) {
        return field.isBlank() ? List.of() : List.of(field.split(","));
    }

    private static X509Certificate cert(Path file) throws IOException, CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    /** ../shared/conformance/openssl-ocsp from the working directory or an ancestor; skips the test when absent. */
    private static Path folder() {
        Path dir = io.certgate.core.testing.Conformance.corpus("openssl-ocsp").orElse(null);
        Prerequisites.require(dir != null, "../shared/conformance/openssl-ocsp");
        return dir;
    }
}
