package io.certgate.core.config;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.files.CertificateLoader;
import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.rules.RulesError;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The certificate files settings name ({@code trust.anchors}, {@code revocation.issuers},
 * {@code revocation.ocsp.responder-cert}) are read as the command line reads {@code --cert}, {@code --path} and
 * {@code --anchor}: with {@link CertificateLoader}, so a bundle gives the same certificates in the same order, and a
 * broken file the same message, with the setting's place in front.
 */
class SettingFilesTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    @TempDir
    static Path dir;
    static TestCertificate rootCa;
    static TestCertificate issuingCa;
    static TestCertificate leaf;

    @BeforeAll
    static void pki() {
        rootCa = TestCertificate.builder().subject("CN=settings root").ca(1).build();
        issuingCa = TestCertificate.builder().subject("CN=settings issuing").ca(0).signedBy(rootCa).build();
        leaf = TestCertificate.builder().subject("CN=settings leaf").signedBy(issuingCa).build();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static List<X509Certificate> read(SettingKey key, Path file, List<RulesError> errors) {
        return Configuration.certificatesIn(new Setting(key, file.getFileName().toString(), "app.rules", 3, 7), file, errors);
    }

    @Test
    void everyCertificateSettingReadsABundleAsTheCommandLineDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("bundle.pem"), "bundle\n" + pem("CERTIFICATE", issuingCa.der())
                + leaf.privateKeyPem() + pem("X509 CERTIFICATE", rootCa.der()).replace("\n", "\r\n")
                + pem("X509 CRL", new byte[] {0x30, 0x00}) + pem("CERTIFICATE", leaf.der()));
        List<X509Certificate> expected = List.of(issuingCa.certificate(), rootCa.certificate(), leaf.certificate());
        assertEquals(expected, CertificateLoader.read(file).certificates());
        for (SettingKey key : List.of(SettingKey.TRUST_ANCHORS, SettingKey.REVOCATION_ISSUERS,
                SettingKey.REVOCATION_OCSP_RESPONDER_CERT)) {
            List<RulesError> errors = new ArrayList<>();
            assertEquals(expected, read(key, file, errors), key.key());
            assertEquals(List.of(), errors, key.key());
        }
    }

    @Test
    void aCertificateRevokedInTheSecondCrlOfAFileIsRevoked() throws Exception {
        Instant now = Instant.now();
        byte[] rootCrl = TestCrl.builder(rootCa).thisUpdate(now.minus(Duration.ofHours(1)))
                .nextUpdate(now.plus(Duration.ofDays(1))).build().der();
        byte[] issuingCrl = TestCrl.builder(issuingCa).thisUpdate(now.minus(Duration.ofHours(1)))
                .nextUpdate(now.plus(Duration.ofDays(1))).revoke(leaf.certificate(), now.minus(Duration.ofMinutes(30)),
                        "keyCompromise").build().der();
        Files.writeString(dir.resolve("crls.pem"), pem("X509 CRL", rootCrl) + pem("X509 CRL", issuingCrl));
        // with UNKNOWN allowed, a CRL read past would let the revoked leaf in
        Path rules = Files.writeString(dir.resolve("second.rules"), "role r when true\nrevocation.mode = crl\n"
                + "revocation.on-unknown = allow\nrevocation.crl.files = \"crls.pem\"\n");
        CertGate gate = Configuration.load(rules, Map.of(), RUNTIME);
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class,
                gate.decide(new X509Certificate[] {leaf.certificate(), issuingCa.certificate()}));
        assertEquals(DenialReason.REVOKED, denied.reason());
    }

    @Test
    void aDerCertificateAndABrokenFileAreReadAsTheCommandLineReadsThem() throws Exception {
        Path der = Files.write(dir.resolve("root.der"), rootCa.der());
        List<RulesError> errors = new ArrayList<>();
        assertEquals(List.of(rootCa.certificate()), read(SettingKey.TRUST_ANCHORS, der, errors));
        assertEquals(List.of(), errors);

        Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n!!!!\n-----END CERTIFICATE-----\n");
        read(SettingKey.REVOCATION_ISSUERS, broken, errors);
        assertEquals(List.of("app.rules:3:7: revocation.issuers: " + broken + ": line 3: the PEM block's base64 is invalid"),
                errors.stream().map(RulesError::toString).toList());
        errors.clear();
        Path key = Files.writeString(dir.resolve("key.pem"), leaf.privateKeyPem());
        read(SettingKey.TRUST_ANCHORS, key, errors);
        assertEquals(List.of("app.rules:3:7: trust.anchors: " + key + ": holds a private key (PRIVATE KEY), not a certificate"),
                errors.stream().map(RulesError::toString).toList());
    }
}
