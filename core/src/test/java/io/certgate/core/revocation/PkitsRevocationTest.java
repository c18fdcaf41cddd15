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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NIST PKITS (2011 edition) sections 4.4 (basic revocation), 4.14 (distribution points, indirect CRLs) and 4.15
 * (delta CRLs), as listed in {@code ../shared/conformance/pkits-revocation-cases.tsv}: every certificate below
 * the trust anchor is checked against all the CRLs of the case at 2011-04-15T00:00:00Z with default settings; a
 * case is valid when all of them are GOOD. The third-party files are read in place (never copied) and the tests
 * are skipped when they are absent.
 */
class PkitsRevocationTest {
    private static final Path CONFORMANCE = findConformance();
    private static final Instant AT = Instant.parse("2011-04-15T00:00:00Z");

    /** For some cases, the exact answer for the certificate that makes the path invalid: position, status, cause. */
    private static final Map<String, String> EXPECTED_FAILURE = Map.ofEntries(
            Map.entry("4.4.1", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.4.2", "2 REVOKED keyCompromise"),
            Map.entry("4.4.3", "2 REVOKED keyCompromise"),
            Map.entry("4.4.4", "2 UNKNOWN BAD_SIGNATURE"),
            Map.entry("4.4.5", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.4.6", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.4.8", "2 UNKNOWN UNHANDLED_CRITICAL_EXTENSION"),
            Map.entry("4.4.9", "2 UNKNOWN UNHANDLED_CRITICAL_EXTENSION"),
            Map.entry("4.4.10", "2 UNKNOWN UNHANDLED_CRITICAL_EXTENSION"),
            Map.entry("4.4.11", "2 UNKNOWN STALE"),
            Map.entry("4.4.12", "2 UNKNOWN STALE"),
            Map.entry("4.4.15", "2 REVOKED keyCompromise"),
            Map.entry("4.4.18", "2 REVOKED keyCompromise"),
            Map.entry("4.4.20", "2 REVOKED keyCompromise"),
            Map.entry("4.4.21", "2 UNKNOWN UNAUTHORIZED_SIGNER"),
            Map.entry("4.14.2", "2 REVOKED keyCompromise"),
            Map.entry("4.14.3", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.14.11", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.14.12", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.14.14", "2 UNKNOWN MALFORMED"),
            Map.entry("4.14.15", "2 REVOKED keyCompromise"),
            Map.entry("4.14.16", "2 REVOKED certificateHold"),
            Map.entry("4.14.17", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.14.20", "2 REVOKED keyCompromise"),
            Map.entry("4.14.21", "2 REVOKED affiliationChanged"),
            Map.entry("4.14.23", "2 REVOKED keyCompromise"),
            Map.entry("4.14.26", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.14.27", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.14.31", "2 REVOKED keyCompromise"),
            Map.entry("4.14.32", "2 REVOKED keyCompromise"),
            Map.entry("4.14.34", "2 REVOKED keyCompromise"),
            Map.entry("4.14.35", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.15.1", "2 UNKNOWN OUT_OF_SCOPE"),
            Map.entry("4.15.3", "2 REVOKED keyCompromise"),
            Map.entry("4.15.4", "2 REVOKED keyCompromise"),
            Map.entry("4.15.6", "2 REVOKED keyCompromise"),
            Map.entry("4.15.9", "2 REVOKED keyCompromise"),
            Map.entry("4.15.10", "2 UNKNOWN STALE"));

    @BeforeAll
    static void requireVectors() {
        Prerequisites.require(CONFORMANCE != null, "../shared/conformance (PKITS)");
    }

    /** {@code shared/conformance} beside or inside any ancestor of the working directory, or null. */
    static Path findConformance() {
        return io.certgate.core.testing.Conformance.root().orElse(null);
    }

    record Case(String id, String description, String leaf, List<String> intermediates, List<String> crls,
                boolean valid, List<String> extras) {
        @Override
        public String toString() {
            return id + " " + description;
        }
    }

    static Stream<Case> cases() throws IOException {
        Prerequisites.require(CONFORMANCE != null, "../shared/conformance (PKITS)");
        List<String> lines = Files.readAllLines(CONFORMANCE.resolve("pkits-revocation-cases.tsv"),
                StandardCharsets.UTF_8);
        List<Case> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            out.add(new Case(f[0], f[2], f[3], list(f[4]), list(f[5]), f[6].equals("valid"), list(f[8])));
        }
        return out.stream();
    }

    private static List<String> list(String field) {
        return Arrays.stream(field.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void listsAllSixtySixCases() throws IOException {
        List<Case> all = cases().toList();
        assertEquals(66, all.size());
        assertEquals(25, all.stream().filter(Case::valid).count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pkits(Case c) throws Exception {
        Path pkits = CONFORMANCE.resolve("pkits");
        List<X509Certificate> path = new ArrayList<>();
        path.add(certificate(pkits.resolve("certs/TrustAnchorRootCertificate.crt")));
        for (String file : c.intermediates()) {
            path.add(certificate(pkits.resolve(file)));
        }
        path.add(certificate(pkits.resolve(c.leaf())));
        List<byte[]> crls = new ArrayList<>();
        for (String file : c.crls()) {
            crls.add(Files.readAllBytes(pkits.resolve(file)));
        }
        List<X509Certificate> extras = new ArrayList<>();
        for (String file : c.extras()) {
            extras.add(certificate(pkits.resolve(file)));
        }

        CrlValidator validator = new CrlValidator(RevocationSettings.defaults());
        List<RevocationStatus> statuses = new ArrayList<>();
        for (int i = 1; i < path.size(); i++) {
            statuses.add(validator.check(path, i, crls, extras, AT));
        }
        String report = statuses.stream().map(RevocationStatus::toString)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
        boolean valid = statuses.stream().allMatch(s -> s.status() == RevocationStatus.Status.GOOD);
        assertEquals(c.valid(), valid, c + ": " + report);

        String expected = EXPECTED_FAILURE.get(c.id());
        if (expected != null) {
            String[] e = expected.split(" ");
            RevocationStatus s = statuses.get(Integer.parseInt(e[0]) - 1);
            assertEquals(e[1], s.status().name(), c + ": " + report);
            String detail = s.status() == RevocationStatus.Status.REVOKED ? s.reason().orElseThrow()
                    : s.cause().orElseThrow().name();
            assertEquals(e[2], detail, c + ": " + report);
            assertTrue(s.detail().contains("serial 0x") || s.detail().contains("serial -0x"), s.detail());
        }
        for (RevocationStatus s : statuses) {
            if (s.status() != RevocationStatus.Status.UNKNOWN) {
                assertTrue(s.thisUpdate().isPresent(), s.toString());
            }
        }
    }

    static X509Certificate certificate(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
