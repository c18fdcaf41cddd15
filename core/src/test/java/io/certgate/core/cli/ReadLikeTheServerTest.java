package io.certgate.core.cli;

import io.certgate.core.files.CertificateLoader;
import io.certgate.core.revocation.Deadline;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.StaticSources;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The command line reads certificate and CRL files as the server does: the same certificates and CRLs, as many, in
 * the same order, and the same files refused. The server's side of CRL files is {@code revocation.crl.files}
 * ({@link StaticSources#local}); its certificate files are compared with the same loader in
 * {@code config.SettingFilesTest}.
 */
class ReadLikeTheServerTest {
    @TempDir
    static Path dir;
    static TestCertificate rootCa;
    static TestCertificate issuingCa;
    static TestCertificate leaf;
    static List<byte[]> crls;
    static String keyPem;

    @BeforeAll
    static void pki() {
        rootCa = TestCertificate.builder().subject("CN=parity root").ca(1).build();
        issuingCa = TestCertificate.builder().subject("CN=parity issuing").ca(0).signedBy(rootCa).build();
        leaf = TestCertificate.builder().subject("CN=parity leaf").signedBy(issuingCa).build();
        crls = List.of(TestCrl.builder(rootCa).crlNumber(1).build().der(),
                TestCrl.builder(issuingCa).crlNumber(2).revoke(leaf.certificate(), Instant.parse("2026-01-01T00:00:00Z"), "keyCompromise")
                        .build().der(),
                TestCrl.builder(issuingCa).crlNumber(3).build().der());
        keyPem = leaf.privateKeyPem();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static List<String> hex(List<byte[]> list) {
        return list.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** The CRLs the server takes from a file matching revocation.crl.files. */
    private static List<byte[]> serverCrls(Path file) {
        RevocationSettings settings = RevocationSettings.builder().build();
        return StaticSources.local(List.of(), file.getFileName().toString(), file.getParent(), settings,
                        new MutableClock(Instant.parse("2026-06-01T00:00:00Z")))
                .crls(leaf.certificate(), settings, Deadline.in(Duration.ofSeconds(60))).crls();
    }

    private static List<byte[]> commandLineCrls(Path file) throws UsageException {
        return RevocationCommand.crlFiles(List.of(file), RevocationSettings.builder().build());
    }

    @Test
    void aFileOfSeveralCrlsGivesEveryCrlInOrderToBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("several.crl"), "# the CA and its CRLs\n" + pem("CERTIFICATE", issuingCa.der())
                + pem("X509 CRL", crls.get(0)) + "\n" + pem("X509 CRL", crls.get(1)).replace("\n", "\r\n")
                + "junk between\n" + pem("X509 CRL", crls.get(2)));
        assertEquals(hex(crls), hex(commandLineCrls(file)));
        assertEquals(hex(crls), hex(serverCrls(file)));
    }

    @Test
    void aDerCrlIsOneCrlForBoth() throws Exception {
        Path file = Files.write(dir.resolve("one.der"), crls.get(1));
        assertEquals(hex(crls.subList(1, 2)), hex(commandLineCrls(file)));
        assertEquals(hex(crls.subList(1, 2)), hex(serverCrls(file)));
    }

    @Test
    void aCrlFileWithABrokenBlockIsRefusedByBoth() throws Exception {
        String good = pem("X509 CRL", crls.get(0));
        Path file = Files.writeString(dir.resolve("broken.crl"), good + "-----BEGIN X509 CRL-----\nMIIB\n!!!!\n-----END X509 CRL-----\n");
        UsageException e = assertThrows(UsageException.class, () -> commandLineCrls(file));
        assertEquals(file + ": line " + (good.split("\n").length + 3) + ": the PEM block's base64 is invalid", e.getMessage());
        assertEquals(List.of(), serverCrls(file));
        Path open = Files.writeString(dir.resolve("open.crl"), good + "-----BEGIN X509 CRL-----\nMIIB\n");
        assertEquals(open + ": line " + (good.split("\n").length + 1) + ": the X509 CRL block has no END line",
                assertThrows(UsageException.class, () -> commandLineCrls(open)).getMessage());
        assertEquals(List.of(), serverCrls(open));
    }

    @Test
    void aFileOfSeveralCertificatesIsReadAsTheServerReadsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("bundle.pem"), "bundle\n" + pem("CERTIFICATE", leaf.der()) + keyPem
                + pem("X509 CERTIFICATE", issuingCa.der()).replace("\n", "\r\n") + pem("X509 CRL", crls.get(0))
                + pem("CERTIFICATE", rootCa.der()));
        List<?> expected = List.of(leaf.certificate(), issuingCa.certificate(), rootCa.certificate());
        assertEquals(expected, Certificates.read(file).certificates());
        assertEquals(expected, CertificateLoader.read(file).certificates());
        assertEquals(List.of("line " + (2 + leaf.certificatePem().split("\n").length + keyPem.split("\n").length
                        + pem("X509 CERTIFICATE", issuingCa.der()).split("\n").length) + ": a CRL (X509 CRL) was ignored"),
                Certificates.read(file).notes());
    }
}
