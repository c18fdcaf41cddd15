package io.certgate.core.cli;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code certgate verify}: path validation, revocation from CRL files, exit codes, output and usage errors. */
class VerifyCommandTest {
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    static final String POLICY_A = "1.3.6.1.4.1.55555.1.1";
    static final String POLICY_B = "1.3.6.1.4.1.55555.1.2";
    @TempDir
    static Path dir;
    static Path root;
    static Path otherRoot;
    static Path bundle;
    static Path issuing;
    static Path alice;
    static Path bob;
    static Path rootCrl;
    static Path issuingCrl;
    static String aliceSerial;
    static String issuingSerial;
    static String bobSerial;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void files() throws Exception {
        Instant from = AT.minus(Duration.ofDays(30));
        Instant to = AT.plus(Duration.ofDays(365));
        TestCertificate ca = TestCertificate.builder().subject("CN=Root CA,O=Example").ca(1).validity(from, to).build();
        TestCertificate other = TestCertificate.builder().subject("CN=Other Root").ca(1).validity(from, to).build();
        TestCertificate mid = TestCertificate.builder().subject("CN=Issuing CA,O=Example").ca(0).policies(POLICY_A)
                .validity(from, to).signedBy(ca).build();
        TestCertificate a = TestCertificate.builder().subject("CN=alice").policies(POLICY_A).clientAuth()
                .validity(from, to).signedBy(mid).build();
        TestCertificate b = TestCertificate.builder().subject("CN=bob").clientAuth().validity(from, to).signedBy(mid)
                .build();
        root = Files.writeString(dir.resolve("root.pem"), ca.certificatePem());
        otherRoot = Files.writeString(dir.resolve("other.pem"), other.certificatePem());
        bundle = Files.writeString(dir.resolve("bundle.pem"), other.certificatePem() + ca.certificatePem());
        issuing = Files.write(dir.resolve("issuing.der"), mid.der());
        alice = Files.writeString(dir.resolve("alice.pem"), a.chainPem());
        bob = Files.writeString(dir.resolve("bob.pem"), b.certificatePem());
        rootCrl = Files.write(dir.resolve("root.crl"), TestCrl.builder(ca).thisUpdate(AT.minus(Duration.ofHours(1)))
                .nextUpdate(AT.plus(Duration.ofDays(1))).build().der());
        issuingCrl = Files.write(dir.resolve("issuing.crl"), TestCrl.builder(mid)
                .thisUpdate(AT.minus(Duration.ofHours(1))).nextUpdate(AT.plus(Duration.ofDays(1)))
                .revoke(b.certificate(), AT.minus(Duration.ofDays(2)), "keyCompromise").build().der());
        aliceSerial = a.certificate().getSerialNumber().toString(16);
        bobSerial = b.certificate().getSerialNumber().toString(16);
        issuingSerial = mid.certificate().getSerialNumber().toString(16);
    }

    int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> verify(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", "--at", AT.toString(), "--anchor", root.toString()));
        args.addAll(List.of(more));
        return args;
    }

    int run(List<String> args) {
        return run(args.toArray(new String[0]));
    }

    @Test
    void aValidPathWithoutCrlsSaysRevocationWasNotChecked() {
        assertEquals(0, run(verify("--path", issuing.toString(), alice.toString())));
        assertEquals(String.join("\n",
                "path (leaf first):",
                "  [0] CN=alice",
                "      serial " + aliceSerial,
                "  [1] CN=Issuing CA,O=Example",
                "      serial " + issuingSerial,
                "  anchor: CN=Root CA,O=Example, serial " + rootSerial(),
                "revocation: not checked (no --crl given)",
                "verdict: valid", ""), out().replace(System.lineSeparator(), "\n"));
        assertEquals("certgate: " + alice + " holds 3 certificates; --path takes the first of each file\n",
                err().replace(System.lineSeparator(), "\n"));
    }

    private static String rootSerial() {
        try {
            return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(root))).getSerialNumber().toString(16);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void crlsCheckEveryCertificateBelowTheAnchor() {
        assertEquals(0, run(verify("--path", issuing.toString(), alice.toString(), "--crl", rootCrl.toString(),
                "--crl", issuingCrl.toString())));
        assertTrue(out().contains("serial " + aliceSerial + ": GOOD by CRL"), out());
        assertTrue(out().contains("serial " + issuingSerial + ": GOOD by CRL"), out());
        assertTrue(out().contains("revocation: checked from the --crl files only, every certificate below the anchor"),
                out());
    }

    @Test
    void aRevokedCertificateMakesThePathInvalid() {
        assertEquals(1, run(verify("--path", issuing.toString(), bob.toString(), "--crl", rootCrl.toString(),
                "--crl", issuingCrl.toString())));
        String verdict = out().lines().reduce((x, y) -> y).orElseThrow();
        assertTrue(verdict.startsWith("verdict: invalid: certificate 0 (CN=bob): revoked: serial 0x" + bobSerial), verdict);
        assertTrue(verdict.contains("(keyCompromise)"), verdict);
    }

    @Test
    void anUnknownStatusMakesThePathInvalid() {
        // No CRL of the root: the intermediate's status cannot be established, and verify fails closed.
        assertEquals(1, run(verify("--path", issuing.toString(), alice.toString(), "--crl", issuingCrl.toString())));
        String verdict = out().lines().reduce((x, y) -> y).orElseThrow();
        assertTrue(verdict.startsWith("verdict: invalid: certificate 1 (CN=Issuing CA,O=Example): revocation status"
                + " unknown (OUT_OF_SCOPE), refused: "), verdict);
    }

    @Test
    void aPathToAnotherAnchorIsInvalid() {
        assertEquals(1, run("verify", "--at", AT.toString(), "--anchor", otherRoot.toString(), "--path",
                issuing.toString(), alice.toString()));
        assertEquals("verdict: invalid: certificate 1 (CN=Issuing CA,O=Example): its issuer CN=Root CA,O=Example is"
                + " neither a trust anchor nor among the presented certificates\n", out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void anAnchorFileMayHoldSeveralAnchorsAndThePathMayStartWithTheAnchor() {
        assertEquals(0, run("verify", "--at", AT.toString(), "--anchor", bundle.toString(), "--path", root.toString(),
                issuing.toString(), alice.toString()));
        assertTrue(out().contains("  anchor: CN=Root CA,O=Example"), out());
        assertEquals(0, run("verify", "--at", AT.toString(), "--anchor", otherRoot.toString(), "--anchor",
                root.toString(), "--path", alice.toString(), issuing.toString()));
    }

    @Test
    void validityIsCheckedAtTheGivenTime() {
        assertEquals(1, run("verify", "--at", "2030-01-01T00:00:00Z", "--anchor", root.toString(), "--path",
                issuing.toString(), alice.toString()));
        // The validator works down from the anchor, so the intermediate, expired too, is named.
        assertEquals("verdict: invalid: certificate 1 (CN=Issuing CA,O=Example): expired at 2027-06-01T00:00:00Z"
                + " (validation time 2030-01-01T00:00:00Z)\n", out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void policyInputsReachTheValidation() {
        assertEquals(0, run(verify("--path", issuing.toString(), alice.toString(), "--policy", POLICY_A,
                "--explicit-policy")));
        assertEquals(1, run(verify("--path", issuing.toString(), alice.toString(), "--policy", POLICY_B,
                "--explicit-policy", "--inhibit-mapping", "--inhibit-any-policy")));
        assertTrue(out().contains("no acceptable certificate policy is left and an explicit policy is required"), out());
    }

    @Test
    void jsonCarriesValidityReasonPathAndRevocation() {
        assertEquals(0, run(verify("--json", "--path", issuing.toString(), alice.toString(), "--crl", rootCrl.toString(),
                "--crl", issuingCrl.toString())));
        String json = out();
        assertTrue(json.startsWith("{\n  \"valid\": true,\n  \"reason\": null,\n  \"at\": \"2026-06-01T00:00:00Z\",\n"
                + "  \"revocationChecked\": true,\n  \"path\": [\n    {\n      \"index\": 0,\n      \"subject\": \"CN=alice\",\n"
                + "      \"issuer\": \"CN=Issuing CA,O=Example\",\n      \"serial\": \"" + aliceSerial + "\",\n"
                + "      \"revocation\": {\n        \"status\": \"GOOD\",\n        \"source\": \"CRL\","), json);
        assertTrue(json.contains("\"anchor\": {\n    \"subject\": \"CN=Root CA,O=Example\",\n    \"serial\": \""), json);
        out.reset();
        assertEquals(1, run(verify("--json", "--path", bob.toString(), "--cert", issuing.toString(), "--crl",
                issuingCrl.toString())));
        assertEquals("{\n  \"valid\": false,\n  \"reason\": \"certificate 0 (CN=bob): its issuer CN=Issuing CA,O=Example is"
                + " neither a trust anchor nor among the presented certificates\",\n  \"at\": \"2026-06-01T00:00:00Z\",\n"
                + "  \"revocationChecked\": true,\n  \"path\": null,\n  \"anchor\": null\n}\n",
                out().replace(System.lineSeparator(), "\n"));
        out.reset();
        assertEquals(0, run(verify("--json", "--path", issuing.toString(), alice.toString())));
        assertTrue(out().contains("\"revocationChecked\": false"), out());
        assertTrue(out().contains("\"revocation\": null"), out());
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        assertEquals(2, run("verify", "--path", alice.toString()));
        assertEquals(2, run("verify", "--anchor", root.toString()));
        assertEquals(2, run(verify("--path", alice.toString(), "--policy", "any")));
        assertEquals(2, run(verify("--path", alice.toString(), "--cert", issuing.toString())));
        assertEquals(2, run("verify", "--at", "yesterday", "--anchor", root.toString(), "--path", alice.toString()));
        assertEquals(2, run(verify("--path", alice.toString(), "--scope", "leaf")));
        assertEquals(2, run(verify("--path", alice.toString(), "--crl", dir.resolve("missing.crl").toString())));
        assertEquals(2, run(verify("--path")));
        assertEquals(String.join("\n",
                "certgate: verify: --anchor FILE is required: the trust anchors to validate against",
                "certgate: verify: --path [INTERMEDIATE ...] LEAF is required",
                "certgate: verify: --policy must be a dotted OID such as 2.5.29.32.0, not 'any'",
                "certgate: verify: --cert gives CRL signers and is used only with --crl",
                "certgate: verify: --at must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not 'yesterday'",
                "certgate: verify: unknown option '--scope'; see --help",
                "certgate: " + dir.resolve("missing.crl") + ": cannot read the CRL file: no such file",
                "certgate: verify: --path needs at least the leaf's certificate file", ""),
                err().replace(System.lineSeparator(), "\n").replaceAll("certgate: [^\n]* holds 3 certificates; --path"
                        + " takes the first of each file\n", ""));
        assertEquals("", out());
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(0, run("verify", "--help"));
        assertTrue(out().contains("  verify --anchor FILE... --path [INTERMEDIATE ...] LEAF"), out());
    }
}
