package io.certgate.core.cli;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code certgate revocation}: exit codes, output and usage errors, offline. */
class RevocationCommandTest {
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    @TempDir
    static Path dir;
    static Path root;
    static Path alice;
    static Path bob;
    static Path crl;
    static Path staleCrl;
    /** The CA's private key in PEM, made at run time: a block a certificate file may carry beside its certificates. */
    static String caKeyPem;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void files() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=Example CA,O=Example").ca(0)
                .validity(AT.minus(Duration.ofDays(30)), AT.plus(Duration.ofDays(365))).build();
        TestCertificate a = TestCertificate.builder().subject("CN=alice").signedBy(ca)
                .validity(AT.minus(Duration.ofDays(1)), AT.plus(Duration.ofDays(30))).build();
        TestCertificate b = TestCertificate.builder().subject("CN=bob").signedBy(ca)
                .validity(AT.minus(Duration.ofDays(1)), AT.plus(Duration.ofDays(30))).build();
        root = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        caKeyPem = ca.privateKeyPem();
        alice = Files.write(dir.resolve("alice.der"), a.der());
        bob = Files.writeString(dir.resolve("bob.pem"), b.certificatePem());
        crl = Files.write(dir.resolve("ca.crl"), TestCrl.builder(ca).thisUpdate(AT.minus(Duration.ofHours(1)))
                .nextUpdate(AT.plus(Duration.ofDays(1))).revoke(b.certificate(), AT.minus(Duration.ofDays(2)), "keyCompromise")
                .build().der());
        staleCrl = Files.write(dir.resolve("stale.crl"), TestCrl.builder(ca).thisUpdate(AT.minus(Duration.ofDays(3)))
                .nextUpdate(AT.minus(Duration.ofDays(1))).build().der());
    }

    int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void goodRevokedAndUnknownExitCodes() {
        assertEquals(0, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), alice.toString(),
                "--crl", crl.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("verdict: GOOD"), out.toString(StandardCharsets.UTF_8));
        assertEquals(1, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), bob.toString(),
                "--crl", crl.toString()));
        assertEquals(3, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), alice.toString(),
                "--crl", staleCrl.toString()));
        assertEquals(3, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), alice.toString()));
    }

    @Test
    void jsonCarriesTheVerdictAndEachCertificate() {
        assertEquals(1, run("revocation", "--no-fetch", "--json", "--mode", "crl", "--at", AT.toString(), "--path",
                root.toString(), bob.toString(), "--crl", crl.toString()));
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\n  \"verdict\": \"REVOKED\",\n  \"certificates\": ["), json);
        assertTrue(json.contains("\"status\": \"REVOKED\""), json);
        assertTrue(json.contains("\"source\": \"CRL\""), json);
        assertTrue(json.contains("\"reason\": \"keyCompromise\""), json);
        assertTrue(json.contains("\"revocationTime\": \"" + AT.minus(Duration.ofDays(2)) + "\""), json);
    }

    @Test
    void aLeafAloneFindsItsIssuerAmongTheExtraCertificates() {
        assertEquals(0, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", alice.toString(),
                "--cert", root.toString(), "--crl", crl.toString()));
        assertEquals(3, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", alice.toString(),
                "--crl", crl.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("NO_ISSUER"), out.toString(StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void optionsAreStrictAsInExplain() {
        assertEquals(2, run("revocation", "--no-fetch", "--path", root.toString(), alice.toString(), "--at", AT.toString(),
                "--at", AT.toString()));
        assertEquals("certgate: revocation: --at given twice" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--path", root.toString(), "--path", alice.toString()));
        assertEquals("certgate: revocation: --path given twice" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--crl", ""));
        assertEquals("certgate: revocation: --crl needs a file name" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--path", root.toString(), "", alice.toString()));
        assertEquals("certgate: revocation: --path needs a file name" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--scope", "--json"));
        assertEquals("certgate: revocation: --scope needs a value, found option '--json'" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--ocsp-response", "x\0y"));
        assertTrue(err().startsWith("certgate: revocation: --ocsp-response: cannot use the file name 'x\\u0000y': "), err());
        err.reset();
        assertEquals(2, run("revocation", "--path", root.toString(), "a\u0000b.pem"));
        assertTrue(err().startsWith("certgate: revocation: --path: cannot use the file name 'a\\u0000b.pem': "), err());
        // --crl, --cert and --ocsp-response repeat.
        assertEquals(0, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", alice.toString(),
                "--cert", root.toString(), "--cert", bob.toString(), "--crl", crl.toString(), "--crl", crl.toString()));
    }

    @Test
    void endlessInputsStopAtTheirKindsLimit() {
        assertEquals(2, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), alice.toString(),
                "--crl", "/dev/zero"));
        assertEquals("certgate: /dev/zero: larger than 64 MiB; not a CRL file" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), alice.toString(),
                "--ocsp-response", "/dev/zero"));
        assertEquals("certgate: /dev/zero: larger than 1 MiB; not an OCSP response file" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), "/dev/zero"));
        assertEquals("certgate: /dev/zero: larger than 1 MiB; not a certificate file" + System.lineSeparator(), err());
    }

    @Test
    @Timeout(60) // a hang guard only
    void aPemEndLineWithoutItsDashesEndsTheFile() throws Exception {
        Path odd = Files.writeString(dir.resolve("odd.crl"), "text-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL\n");
        int code = run("revocation", "--no-fetch", "--at", AT.toString(), "--path", root.toString(), alice.toString(),
                "--crl", odd.toString());
        assertTrue(code == 2 || code == 3, code + " " + err() + out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void certificateFilesAreReadAsExplainReadsThem() throws Exception {
        String rootPem = Files.readString(root);
        Path withKey = Files.writeString(dir.resolve("ca-and-junk.pem"), rootPem + caKeyPem
                + "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        int brokenBlock = rootPem.split("\n").length + caKeyPem.split("\n").length + 1;
        assertEquals(0, run("revocation", "--no-fetch", "--at", AT.toString(), "--path", alice.toString(),
                "--cert", withKey.toString(), "--crl", crl.toString()));
        assertEquals("certgate: " + withKey + ": note: certificate 2 (line " + brokenBlock
                + ") was ignored: line " + (brokenBlock + 1) + ": the PEM block's base64 is invalid"
                + System.lineSeparator(), err());
        err.reset();
        Path csr = Files.writeString(dir.resolve("req.pem"), "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n");
        assertEquals(2, run("revocation", "--no-fetch", "--path", root.toString(), csr.toString()));
        assertEquals("certgate: " + csr + ": holds a certificate request (CERTIFICATE REQUEST), not a certificate"
                + System.lineSeparator(), err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("revocation", "--no-fetch"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("revocation: --path ANCHOR [INTERMEDIATE ...] LEAF is required"));
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--at", "yesterday"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--at must be an ISO-8601 instant"));
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--scope", "all"));
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--max-age", "PT0S"));
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--crl", dir.resolve("nope.crl").toString()));
        assertTrue(err().contains(dir.resolve("nope.crl") + ": cannot read the CRL file: no such file"), err());
        assertEquals(2, run("revocation", "--path", root.toString(), alice.toString(), "--bogus"));
    }
}
