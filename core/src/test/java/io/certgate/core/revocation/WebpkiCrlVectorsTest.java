package io.certgate.core.revocation;

import io.certgate.core.testing.Prerequisites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rustls/webpki's CRL parsing vectors ({@code ../shared/conformance/webpki-crl}, read in place, skipped when
 * absent). Parse level only: there are no issuer certificates.
 *
 * <p>Rows marked {@code valid}, {@code malformed} or {@code rfc5280} in the expectations file are followed, with
 * two documented differences in <em>when</em> certgate refuses, not whether: a critical unknown CRL entry extension
 * and an entry reasonCode outside CRLReason make webpki fail the lookup of that one serial; certgate rejects the
 * whole CRL, because RFC 5280 §5.3 says a CRL with an unprocessable critical entry extension must not be used for
 * any certificate, and a reason code of 7 (or above 10) makes the CRL malformed. Rows marked
 * {@code webpki-policy} are webpki's product choices; certgate parses those CRLs (see {@link #DECISIONS}).
 */
class WebpkiCrlVectorsTest {
    private static final Path VECTORS = find();
    private static final String PARSE = "parse";
    private static final String MALFORMED = "reject MALFORMED";
    private static final String CRITICAL = "reject UNHANDLED_CRITICAL_EXTENSION";

    /** certgate's decision for every CRL of the corpus. */
    static final Map<String, String> DECISIONS = Map.ofEntries(
            Map.entry("crls/crl.valid.der", PARSE),
            Map.entry("crls/crl.empty.der", PARSE),
            Map.entry("crls/crl.mismatched.sigalg.der", MALFORMED),
            Map.entry("crls/crl.invalid.this.update.time.der", MALFORMED),
            // webpki-policy: RFC 5280 makes nextUpdate optional for relying parties; certgate bounds the age instead.
            Map.entry("crls/crl.missing.next.update.der", PARSE),
            Map.entry("crls/crl.wrong.version.der", MALFORMED),
            // webpki-policy: a v2 CRL without extensions is valid ASN.1 and RFC 5280 only obliges issuers.
            Map.entry("crls/crl.missing.exts.der", PARSE),
            // webpki-policy: certgate processes delta CRLs.
            Map.entry("crls/crl.delta.der", PARSE),
            Map.entry("crls/crl.unknown.crit.ext.der", CRITICAL),
            Map.entry("crls/crl.negative.crl.number.der", MALFORMED),
            Map.entry("crls/crl.too.long.crl.number.der", MALFORMED),
            Map.entry("crls/crl.negative.serial.der", PARSE),
            Map.entry("crls/crl.topbit.serial.der", PARSE),
            Map.entry("crls/crl.no.entry.exts.der", PARSE),
            Map.entry("crls/crl.entry.empty.ext.seq.der", PARSE),
            // rfc5280 (webpki: the lookup fails): RFC 5280 §5.3 makes the whole CRL unusable.
            Map.entry("crls/crl.entry.unknown.crit.ext.der", CRITICAL),
            // malformed (webpki: the lookup fails): certgate rejects the CRL.
            Map.entry("crls/crl.entry.invalid.reason.der", MALFORMED),
            Map.entry("crls/crl.entry.invalidity.date.der", PARSE),
            // webpki-policy (indirect CRLs): here the certificateIssuer value is not even GeneralNames, and the CRL
            // is not indirect, so it is malformed (RFC 5280 §5.3.3).
            Map.entry("crls/crl.entry.issuer.ext.der", MALFORMED),
            Map.entry("crls/crl.idp.valid.der", PARSE),
            Map.entry("crls/crl.idp.only_user_certs.der", PARSE),
            Map.entry("crls/crl.idp.only_ca_certs.der", PARSE),
            Map.entry("crls/crl.idp.explicit.false.bool.der", PARSE),
            // webpki-policy: certgate processes indirect CRLs.
            Map.entry("crls/crl.idp.indirect_crl.der", PARSE),
            Map.entry("crls/crl.idp.only_attribute_certs.der", MALFORMED),
            // webpki-policy: certgate accumulates onlySomeReasons partitions.
            Map.entry("crls/crl.idp.only_some_reasons.der", PARSE),
            Map.entry("crls/crl.idp.invalid.bool.der", MALFORMED),
            Map.entry("crls/crl.idp.unknown.tag.der", MALFORMED),
            Map.entry("crls/crl.idp.invalid.name.der", MALFORMED),
            // webpki-policy: certgate resolves nameRelativeToCRLIssuer.
            Map.entry("crls/crl.idp.name_relative_to_issuer.der", PARSE),
            // webpki-policy: an IDP without a name scopes by certificate type only.
            Map.entry("crls/crl.idp.no_distribution_point_name.der", PARSE));

    /** What else certgate must see in a CRL that parses. */
    private static final Map<String, Consumer<Crl>> CHECKS = Map.ofEntries(
            Map.entry("crls/crl.valid.der", crl -> assertListed(crl, "03AE51DB51155A3C")),
            Map.entry("crls/crl.empty.der", crl -> assertEquals(0, crl.entries().size())),
            Map.entry("crls/crl.missing.next.update.der", crl -> assertTrue(crl.nextUpdate().isEmpty())),
            Map.entry("crls/crl.delta.der", crl -> assertTrue(crl.isDelta())),
            Map.entry("crls/crl.negative.serial.der", crl -> {
                assertListed(crl, "FD78A84E");
                assertEquals(-1, crl.entries().first(new BigInteger("03AE51DB51155A3C", 16).toByteArray()));
            }),
            Map.entry("crls/crl.topbit.serial.der", crl -> assertListed(crl, "0080FEEDF00D")),
            Map.entry("crls/crl.no.entry.exts.der", crl -> assertListed(crl, "03AE51DB51155A3C")),
            Map.entry("crls/crl.entry.invalidity.date.der", crl -> assertEquals(1, crl.entries().size())),
            Map.entry("crls/crl.idp.valid.der", crl -> assertNotNull(crl.idp())),
            Map.entry("crls/crl.idp.only_user_certs.der", crl -> assertTrue(crl.idp().onlyUserCerts())),
            Map.entry("crls/crl.idp.only_ca_certs.der", crl -> assertTrue(crl.idp().onlyCaCerts())),
            Map.entry("crls/crl.idp.explicit.false.bool.der", crl -> assertFalse(crl.idp().onlyUserCerts())),
            Map.entry("crls/crl.idp.indirect_crl.der", crl -> assertTrue(crl.idp().indirect())),
            Map.entry("crls/crl.idp.only_some_reasons.der",
                    crl -> assertEquals(CrlReason.ALL_REASONS & 0b1010, crl.idp().onlySomeReasons() & 0b1010)),
            Map.entry("crls/crl.idp.name_relative_to_issuer.der", crl -> assertTrue(crl.idp().name().isRelative())),
            Map.entry("crls/crl.idp.no_distribution_point_name.der", crl -> {
                assertEquals(null, crl.idp().name());
                assertTrue(crl.idp().onlyUserCerts());
            }));

    record Row(String file, String expectation, String kind) {
        @Override
        public String toString() {
            return file + " (" + kind + ")";
        }
    }

    @BeforeAll
    static void requireVectors() {
        Prerequisites.require(VECTORS != null, "../shared/conformance/webpki-crl");
    }

    private static Path find() {
        Path conformance = PkitsRevocationTest.findConformance();
        Path dir = conformance == null ? null : conformance.resolve("webpki-crl");
        return dir != null && Files.isRegularFile(dir.resolve("expected.tsv")) ? dir : null;
    }

    static Stream<Row> rows() throws IOException {
        Prerequisites.require(VECTORS != null, "../shared/conformance/webpki-crl");
        List<String> lines = Files.readAllLines(VECTORS.resolve("expected.tsv"), StandardCharsets.UTF_8);
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] f = line.split("\t", -1);
                out.add(new Row(f[0], f[1], f[2]));
            }
        }
        return out.stream();
    }

    @Test
    void everyRowHasADecision() throws IOException {
        Set<String> files = new HashSet<>();
        rows().forEach(r -> files.add(r.file()));
        assertEquals(31, files.size());
        assertEquals(DECISIONS.keySet(), files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void crl(Row row) throws IOException {
        byte[] der = Files.readAllBytes(VECTORS.resolve(row.file()));
        String decision = DECISIONS.get(row.file());
        boolean webpkiRejects = row.expectation().startsWith("reject") || row.expectation().matches(".*lookup.*->.*");
        if (!row.kind().equals("webpki-policy")) {
            // Agree with webpki on whether the CRL (or the looked-up entry) is usable, wherever webpki's answer is
            // not its own policy.
            assertEquals(webpkiRejects, !decision.equals(PARSE), row + ": webpki says " + row.expectation());
        }
        if (decision.equals(PARSE)) {
            Crl crl = assertParses(der, row.file());
            Consumer<Crl> check = CHECKS.get(row.file());
            if (check != null) {
                check.accept(crl);
            }
        } else {
            CrlFormatException e = assertThrows(CrlFormatException.class, () -> Crl.parse(der), row.file());
            UnknownCause expected = decision.equals(CRITICAL) ? UnknownCause.UNHANDLED_CRITICAL_EXTENSION
                    : UnknownCause.MALFORMED;
            assertEquals(expected, e.unknownCause(), row.file() + ": " + e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    /** The certificates with cRLDistributionPoints encodings: what certgate reads from them. */
    @Test
    void distributionPointsOfCertificates() throws Exception {
        Path dir = VECTORS.resolve("crl_distrib_point");
        CrlTarget relative = target(dir.resolve("dp_name_relative_to_issuer.der"));
        assertTrue(relative.distributionPoints.get(0).name().isRelative());
        CrlTarget multiple = target(dir.resolve("multiple_distribution_points.der"));
        assertEquals(2, multiple.distributionPoints.size());
        assertEquals(List.of("http://example.com/crl.1.der"), multiple.distributionPoints.get(0).uris());
        assertEquals(List.of("http://example.com/crl.2.der", "http://example.com/crl.3.der"),
                multiple.distributionPoints.get(1).uris());
        assertEquals(List.of(), relative.distributionPoints.get(0).uris());
        CrlTarget issuer = target(dir.resolve("with_crl_issuer.der"));
        assertNotNull(issuer.distributionPoints.get(0).crlIssuer());
        assertEquals(null, issuer.distributionPoints.get(0).name());
        CrlTarget reasons = target(dir.resolve("with_reasons.der"));
        assertEquals(0b1010, reasons.distributionPoints.get(0).reasons());
        // Misencoded: a DistributionPoint with only reasons (RFC 5280 §4.2.1.13), an unknown name choice, an
        // unknown field. Such a certificate cannot be checked against CRLs.
        for (String bad : List.of("only_reasons.der", "unknown_dp_name_tag.der", "unknown_tag.der")) {
            X509Certificate cert = certificateOrNull(dir.resolve(bad));
            if (cert != null) {
                assertThrows(CrlFormatException.class, () -> CrlTarget.of(cert), bad);
            }
        }
    }

    private static CrlTarget target(Path file) throws Exception {
        X509Certificate cert = certificateOrNull(file);
        assertNotNull(cert, file + " is not readable by the JDK");
        return CrlTarget.of(cert);
    }

    private static X509Certificate certificateOrNull(Path file) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (CertificateException e) {
            return null;
        }
    }

    private static Crl assertParses(byte[] der, String file) {
        try {
            return Crl.parse(der);
        } catch (CrlFormatException e) {
            throw new AssertionError(file + " should parse: " + e.getMessage(), e);
        }
    }

    /** Asserts that the serial written in hex as its DER INTEGER contents (two's complement) is listed. */
    private static void assertListed(Crl crl, String hexSerial) {
        byte[] serial = java.util.HexFormat.of().parseHex(hexSerial);
        int i = crl.entries().first(serial);
        assertTrue(i >= 0, "serial " + hexSerial + " not found in " + crl);
        assertEquals(new BigInteger(serial), crl.entries().serial(i));
    }
}
