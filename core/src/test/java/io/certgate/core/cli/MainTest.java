package io.certgate.core.cli;

import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code certgate} command line: exit codes, text and JSON output, errors. */
class MainTest {
    @TempDir
    static Path dir;
    static Path rules;
    static Path pem;
    static Path der;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static TestCertificate ca;

    @BeforeAll
    static void files() throws Exception {
        ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).build();
        TestCertificate alice = TestCertificate.builder().subject("CN=alice,OU=ops,O=Example")
                .sanEmail("alice@ops.example.org").sanUri("spiffe://prod.example.org/ns/payments/sa/checkout")
                .signedBy(ca).build();
        rules = Files.writeString(dir.resolve("example.rules"), String.join("\n",
                "principal = spiffe-id, san.email, subject.cn",
                "role admin     when subject.cn = \"alice\" and issuer = \"CN=Example Issuing CA, O=Example\"",
                "role payments  when spiffe-id matches \"spiffe://prod.example.org/ns/payments/**\"",
                "role auditor   when subject.o = \"Example\" and not subject.ou = \"contractors\"",
                "role nobody    when subject.cn = \"bob\""));
        pem = Files.writeString(dir.resolve("alice.pem"), alice.chainPem());
        der = Files.write(dir.resolve("alice.der"), alice.der());
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

    @Test
    void explainPrintsIdentityRulesPrincipalAndRoles() {
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", pem.toString()));
        String text = out();
        assertTrue(text.contains("subject.cn              alice"), text);
        assertTrue(text.contains("line 2    MATCH    role admin"), text);
        assertTrue(text.contains("[x] subject.cn = \"alice\"  -> matched \"alice\""), text);
        assertTrue(text.contains("line 5    no       role nobody"), text);
        assertTrue(text.contains("principal  spiffe://prod.example.org/ns/payments/sa/checkout  (from spiffe-id)"), text);
        assertTrue(text.contains("roles      admin, payments, auditor"), text);
        assertEquals("", err());
    }

    @Test
    void explainShowsTheVerifiedIssuersKeyOnlyWhenTheFileHoldsTheIssuer() throws Exception {
        String pin = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(ca.certificate().getPublicKey().getEncoded()));
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", pem.toString()));
        assertTrue(out().contains("issuer.spki") && out().contains(pin), out());
        out.reset();
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", der.toString()));
        assertTrue(!out().contains("issuer.spki"), out());
    }

    @Test
    void explainJsonHasTheContractFields() {
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", der.toString(), "--json"));
        String json = out();
        assertTrue(json.startsWith("{\n  \"principal\": \"spiffe://prod.example.org/ns/payments/sa/checkout\","), json);
        assertTrue(json.contains("\"roles\": [\"admin\", \"payments\", \"auditor\"]"), json);
        assertTrue(json.contains("\"line\": 2,\n      \"role\": \"admin\",\n      \"matched\": true,"), json);
        assertTrue(json.contains("\"line\": 5,\n      \"role\": \"nobody\",\n      \"matched\": false,"), json);
        assertTrue(json.contains("\"identity\": {\n    \"subject\": [\"CN=alice,OU=ops,O=Example\"],"), json);
    }

    @Test
    void jsonIdentityGivesPlainOidsForEkuAndPolicyWhileTheTextNamesThem() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
        Path cert = Files.write(dir.resolve("eku.der"), TestCertificate.builder().subject("CN=eku").clientAuth()
                .extendedKeyUsage("1.3.6.1.4.1.99999.1").policies("2.23.140.1.2.1").signedBy(ca).build().der());
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", cert.toString(), "--json"));
        assertTrue(out().contains("\"eku\": [\"1.3.6.1.5.5.7.3.2\", \"1.3.6.1.4.1.99999.1\"],"), out());
        assertTrue(out().contains("\"policy\": [\"2.23.140.1.2.1\"],"), out());
        out.reset();
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", cert.toString()));
        assertTrue(out().contains("1.3.6.1.5.5.7.3.2 (clientAuth)"), out());
    }

    @Test
    void noMatchingRoleStillExitsZero() throws Exception {
        Path none = Files.writeString(dir.resolve("none.rules"), "role x when false\n");
        assertEquals(0, run("explain", "--rules", none.toString(), "--cert", pem.toString(), "--json"));
        assertTrue(out().contains("\"roles\": [],"), out());
        assertTrue(out().contains("\"warnings\": [\"" + none + ":1:1: role x is never granted: its condition is false for every certificate\", \""
                + none + ": grants no role to any client: none of its role rules can match\"]"), out());
        assertEquals(0, run("explain", "--rules", none.toString(), "--cert", pem.toString()));
        assertTrue(out().contains("warnings:" + System.lineSeparator() + "  " + none
                + ":1:1: role x is never granted"), out());
    }

    @Test
    void brokenRulesExitTwoWithFileLineColumn() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.rules"), "role a when subject.cn = \"x\nrole b when bogus = \"y\"\n");
        assertEquals(2, run("explain", "--rules", bad.toString(), "--cert", pem.toString()));
        assertEquals("certgate: " + bad + ":1:26: unterminated string: expected a closing '\"' before the end of the line"
                + System.lineSeparator() + "certgate: " + bad + ":2:13: unknown attribute 'bogus'; expected one of subject, "
                + "subject.<attr|oid>, issuer, issuer.<attr|oid>, san.dns, san.ip, san.email, san.uri, san.upn, san.other.<oid>, "
                + "san.dirname, san.rid, spiffe-id, spiffe-id.trust-domain, spiffe-id.path, serial, fingerprint, spki, eku, policy, issuer.spki, issuer.fingerprint, anchor, anchor.spki, anchor.fingerprint"
                + System.lineSeparator(), err());
        assertEquals("", out());
    }

    @Test
    void aRegexThatGivesUpOnTheCertificateIsExplainedAsTheRefusalItCauses() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
        Path cert = Files.write(dir.resolve("long.der"), TestCertificate.builder()
                .subject("CN=" + "a".repeat(40) + "!").signedBy(ca).build().der());
        Path slow = Files.writeString(dir.resolve("slow.rules"), "principal = subject.cn\nrole a when subject.cn ~ \"(.*a){20}b\"\n");
        assertEquals(0, run("explain", "--rules", slow.toString(), "--cert", cert.toString()));
        assertTrue(out().contains("[?] subject.cn ~ \"(.*a){20}b\"  -> " + slow + ":2:26: regular expression (.*a){20}b gave up"),
                out());
        assertTrue(out().contains("decision   denied: RULE_LIMIT (" + slow + ":2:26: regular expression"), out());
        assertEquals(0, run("explain", "--rules", slow.toString(), "--cert", cert.toString(), "--json"));
        assertTrue(out().contains("\"reason\": \"RULE_LIMIT\""), out());
    }

    @Test
    void explainSaysWhyACertificateHasNoPrincipal() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
        Path cert = Files.write(dir.resolve("spelled.der"), TestCertificate.builder()
                .subject("CN=spiffe://prod.example.org/ns/payments/sa/checkout").signedBy(ca).build().der());
        String why = "the principal from subject.cn has the form of a spiffe-id value, which comes first in the principal "
                + "list, so another client could have the same name";
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", cert.toString()));
        assertTrue(out().contains("principal  none: " + why + System.lineSeparator()), out());
        assertTrue(out().contains("decision   denied: AMBIGUOUS_PRINCIPAL (" + why + ")"), out());
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", cert.toString(), "--json"));
        assertTrue(out().contains("\"principalRefusal\": \"" + why + "\""), out());
        assertTrue(out().contains("\"reason\": \"AMBIGUOUS_PRINCIPAL\""), out());
    }

    @Test
    void badCertificateExitsTwoWithOneLine() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", garbage.toString()));
        assertEquals("certgate: " + garbage + ": line 1: not a certificate: an ASN.1 structure of another kind"
                + System.lineSeparator(), err());
        assertEquals(1, err().lines().count());
        err.reset();
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", dir.resolve("missing.pem").toString()));
        assertEquals("certgate: " + dir.resolve("missing.pem") + ": cannot read the certificate file: no such file"
                + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", dir.toString()));
        assertEquals("certgate: " + dir + ": cannot read the certificate file: is a directory" + System.lineSeparator(), err());
    }

    @Test
    void hugeAndEndlessCertificateFilesStopAtOneMebibyte() throws Exception {
        Path big = dir.resolve("big.pem");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((1 << 20) + 1);
        }
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", big.toString()));
        assertEquals("certgate: " + big + ": larger than 1 MiB; not a certificate file" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", "/dev/zero"));
        assertEquals("certgate: /dev/zero: larger than 1 MiB; not a certificate file" + System.lineSeparator(), err());
        err.reset();
        // 1 MiB itself is read, and judged on its content.
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", big.toString()));
        assertTrue(!err().contains("larger than"), err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run());
        assertEquals(2, run("explian"));
        assertTrue(err().contains("certgate: unknown command 'explian'; expected explain, revocation, verify or help (see --help)"), err());
        assertEquals(2, run("explain", "--rules", rules.toString()));
        assertTrue(err().contains("certgate: explain: --rules RULES and --cert CERT are required"), err());
        assertEquals(2, run("explain", "--rules"));
        assertTrue(err().contains("certgate: explain: --rules needs a value"), err());
        assertEquals(2, run("explain", "--verbose"));
        assertTrue(err().contains("certgate: explain: unknown option '--verbose'; expected --rules, --cert, --json"), err());
    }

    @Test
    void anOptionGivenTwiceIsAUsageError() {
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", pem.toString(), "--cert", der.toString()));
        assertEquals("certgate: explain: --cert given twice" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("explain", "--rules", rules.toString(), "--rules", rules.toString(), "--cert", pem.toString()));
        assertEquals("certgate: explain: --rules given twice" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("explain", "--json", "--rules", rules.toString(), "--cert", pem.toString(), "--json"));
        assertEquals("certgate: explain: --json given twice" + System.lineSeparator(), err());
        assertEquals("", out());
    }

    @Test
    void anEmptyFileNameOrAnOptionInPlaceOfAValueIsAUsageError() {
        assertEquals(2, run("explain", "--rules", "", "--cert", pem.toString()));
        assertEquals("certgate: explain: --rules needs a file name" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", ""));
        assertEquals("certgate: explain: --cert needs a file name" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("explain", "--rules", "--json", "--cert", pem.toString()));
        assertEquals("certgate: explain: --rules needs a value, found option '--json'" + System.lineSeparator(), err());
        assertEquals("", out());
    }

    @Test
    void aFileNameTheJvmCannotUseIsAOneLineUsageError() {
        assertEquals(2, run("explain", "--rules", "a\0b.rules", "--cert", pem.toString()));
        assertEquals("certgate: explain: --rules: cannot use the file name 'a\\u0000b.rules': a file name cannot hold a NUL"
                + " character" + System.lineSeparator(), err());
        err.reset();
        // An unpaired surrogate cannot be encoded in any file-name encoding.
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", "c\uD800.pem"));
        assertTrue(err().startsWith("certgate: explain: --cert: cannot use the file name 'c"), err());
        assertTrue(err().contains("(is the locale's character set able to spell it?"), err());
        assertEquals(1, err().lines().count(), err());
    }

    @Test
    void missingRulesAndCertificateAreBothReportedOneLineEach() {
        String rulesName = dir.resolve("no\nsuch.rules").toString();
        String certName = dir.resolve("no\rsuch\u2028.pem").toString();
        assertEquals(2, run("explain", "--rules", rulesName, "--cert", certName));
        String[] lines = err().split(System.lineSeparator());
        assertEquals(2, lines.length, err());
        assertTrue(lines[0].startsWith("certgate: " + dir.resolve("no\\nsuch.rules") + ": cannot read the rules file: "), err());
        assertTrue(lines[1].startsWith("certgate: " + dir.resolve("no\\rsuch\\u2028.pem") + ": "), err());
        assertEquals("", out());
    }

    @Test
    void fileNamesWithControlCharactersAreEscapedInTheOutputToo() throws Exception {
        Path odd = Files.copy(pem, dir.resolve("two\nlines\u001b[31m.pem"));
        assertEquals(0, run("explain", "--rules", rules.toString(), "--cert", odd.toString()));
        assertTrue(out().startsWith("certificate " + dir.resolve("two\\nlines\\u001b[31m.pem") + System.lineSeparator()
                + "  subject "), out());
        assertEquals(2, run("explain", "--rules", rules.toString(), "--cert", odd.toString(), "--bogus\nflag"));
        assertEquals("certgate: explain: unknown option '--bogus\\nflag'; expected --rules, --cert, --json"
                + System.lineSeparator(), err());
    }

    @Test
    void helpDocumentsEveryCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("explain --rules RULES --cert CERT [--json]"), out());
        assertEquals(0, run("explain", "--help"));
    }

    @Test
    void invisibleCharactersOfValuesAreShownAsEscapes() throws Exception {
        TestCertificate ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
        byte[] subject = new org.bouncycastle.asn1.x500.X500Name(new org.bouncycastle.asn1.x500.RDN[] {
                new org.bouncycastle.asn1.x500.RDN(org.bouncycastle.asn1.x500.style.BCStyle.CN,
                        new org.bouncycastle.asn1.DERUTF8String("admin\u202Egnp.exe"))}).getEncoded();
        Path cert = Files.write(dir.resolve("rlo.der"), TestCertificate.builder().subject(subject).signedBy(ca).build().der());
        Path byCn = Files.writeString(dir.resolve("cn.rules"), "principal = subject.cn\nrole a when subject.cn matches \"admin*\"\n");
        assertEquals(0, run("explain", "--rules", byCn.toString(), "--cert", cert.toString()));
        assertTrue(out().contains("subject.cn   admin\\u{202E}gnp.exe"), out());
        assertTrue(out().contains("-> matched \"admin\\u{202E}gnp.exe\""), out());
        assertTrue(out().contains("principal  admin\\u{202E}gnp.exe  (from subject.cn)"), out());
        assertTrue(out().chars().noneMatch(c -> c == 0x202E), out());
    }

    @Test
    void explainChecksTheFilesSettingsNameAsAServerDoes() throws Exception {
        Path withFile = Files.writeString(dir.resolve("files.rules"), "role a when true\nrevocation.issuers = missing.pem\n");
        assertEquals(2, run("explain", "--rules", withFile.toString(), "--cert", pem.toString()));
        assertEquals("certgate: " + withFile + ":2:22: revocation.issuers: cannot read " + dir.resolve("missing.pem")
                + ": NoSuchFileException" + System.lineSeparator(), err());
    }
}
