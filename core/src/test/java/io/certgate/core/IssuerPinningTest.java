package io.certgate.core;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import java.time.Clock;
import io.certgate.core.path.PathBuilder;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Pinning the issuer by name is defeated by any other trusted CA that mints a sub-CA carrying the pinned name;
 * {@code issuer.spki} and {@code issuer.fingerprint} pin the verified issuer's key and certificate, and are never
 * true when no issuer was verified, also under {@code not} and {@code !=}.
 */
class IssuerPinningTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    private static final String SKI = "2.5.29.14";

    static TestCertificate root;
    static TestCertificate issuing;
    static TestCertificate otherRoot;
    static TestCertificate sameNamedSubCa;
    static TestCertificate crossSigned;
    static TestCertificate alice;
    static TestCertificate forgedAlice;

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=Pin Root,O=Example").ca(1).build();
        issuing = TestCertificate.builder().subject("CN=Pin Issuing CA,O=Example").ca(0).signedBy(root).build();
        otherRoot = TestCertificate.builder().subject("CN=Other Trusted Root,O=Elsewhere").ca(1).build();
        sameNamedSubCa = TestCertificate.builder().subject("CN=Pin Issuing CA,O=Example").ca(0).signedBy(otherRoot)
                .build();
        crossSigned = TestCertificate.builder().subject("CN=Pin Issuing CA,O=Example").ca(0)
                .keyPair(issuing.keyPair())
                .extension(SKI, false, ASN1OctetString.getInstance(issuing.certificate().getExtensionValue(SKI)).getOctets())
                .signedBy(otherRoot).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").signedBy(issuing).build();
        forgedAlice = TestCertificate.builder().subject("CN=alice,O=Example").signedBy(sameNamedSubCa).build();
    }

    static String spki(TestCertificate cert) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(cert.certificate().getPublicKey().getEncoded()));
    }

    static String fingerprint(TestCertificate cert) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.certificate().getEncoded()));
    }

    CertGate gate(PathBuilder paths) throws Exception {
        String rules = "principal = subject.cn\n"
                + "role by-name when issuer = \"CN=Pin Issuing CA,O=Example\"\n"
                + "role by-key when issuer.spki = \"" + spki(issuing) + "\"\n"
                + "role by-cert when issuer.fingerprint = \"" + fingerprint(issuing) + "\"\n"
                + "role not-key when not issuer.spki = \"" + spki(otherRoot) + "\"\n"
                + "role other-key when issuer.spki != \"" + spki(otherRoot) + "\"\n"
                + "role anchored when anchor.spki = \"" + spki(root) + "\" or not present anchor\n";
        return CertGate.builder().rules(RuleSet.parse("pin.rules", rules)).paths(paths).build();
    }

    static Set<String> roles(Decision decision) {
        return assertInstanceOf(Decision.Authenticated.class, decision, decision.toString()).roles();
    }

    static X509Certificate[] chain(X509Certificate... certs) {
        return certs;
    }

    @Test
    void theIssuersSignatureIsCheckedOnlyWhenTheDecisionReadsThePath() throws Exception {
        PathBuilder unused = PathBuilder.of(List.of());
        CertGate byName = CertGate.builder().rules(RuleSet.parse("name.rules",
                "principal = subject.cn\nrole by-name when issuer = \"CN=Pin Issuing CA,O=Example\"\n")).paths(unused).build();
        assertEquals(Set.of("by-name"), roles(byName.decide(chain(alice.certificate(), issuing.certificate()))));
        assertEquals(0, unused.signatureChecks(), "no rule, principal or revocation check reads the path");

        PathBuilder used = PathBuilder.of(List.of());
        gate(used).decide(chain(alice.certificate(), issuing.certificate()));
        assertEquals(1, used.signatureChecks(), "issuer.spki needs the leaf's issuer verified");
    }

    @Test
    void aSameNamedSubCaOfAnotherTrustedCaPassesNamePinningButNotKeyPinning() throws Exception {
        CertGate gate = gate(PathBuilder.of(List.of()));
        assertEquals(Set.of("by-name", "by-key", "by-cert", "not-key", "other-key"),
                roles(gate.decide(chain(alice.certificate(), issuing.certificate(), root.certificate()))));
        assertEquals(Set.of("by-name", "not-key", "other-key"),
                roles(gate.decide(chain(forgedAlice.certificate(), sameNamedSubCa.certificate(), otherRoot.certificate()))));
    }

    @Test
    void withoutAVerifiedIssuerNoTestOnItIsTrue() throws Exception {
        CertGate gate = gate(PathBuilder.of(List.of()));
        // Only the leaf, or a look-alike of the issuer: nothing verified, so not even the negations hold.
        TestCertificate lookAlike = TestCertificate.builder().subject("CN=Pin Issuing CA,O=Example").ca(0)
                .signedBy(otherRoot).build();
        for (X509Certificate[] sent : List.of(chain(alice.certificate()),
                chain(alice.certificate(), lookAlike.certificate(), otherRoot.certificate()))) {
            assertEquals(Set.of("by-name"), roles(gate.decide(sent)));
        }
    }

    /** With revocation off, a leaf-only client's issuer still comes from revocation.issuers, by signature. */
    @Test
    void aLeafOnlyClientsIssuerComesFromTheConfiguredIssuers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("issuers.pem"), sameNamedSubCa.certificatePem() + issuing.certificatePem());
        CertGate gate = io.certgate.core.config.Configuration.build(RuleSet.parse("pin.rules",
                "revocation.mode = off\nrevocation.issuers = issuers.pem\nprincipal = subject.cn\n"
                        + "role by-key when issuer.spki = \"" + spki(issuing) + "\"\n"), dir, java.util.Map.of(),
                java.time.Clock.systemUTC(), RUNTIME, Runnable::run);
        assertEquals(Set.of("by-key"), roles(gate.decide(chain(alice.certificate()))));
        assertEquals(Set.of(), roles(gate.decide(chain(forgedAlice.certificate()))));
    }

    @Test
    void theSameLeafObjectUnderAnotherVerifiedPathIsEvaluatedAgain() throws Exception {
        CertGate gate = gate(PathBuilder.of(List.of()));
        X509Certificate leaf = alice.certificate();
        assertEquals(Set.of("by-name"), roles(gate.decide(chain(leaf))));
        assertEquals(Set.of("by-name", "by-key", "by-cert", "not-key", "other-key"),
                roles(gate.decide(chain(leaf, issuing.certificate()))));
        // The same key certified by another CA: the key pin holds, the certificate pin does not.
        assertEquals(Set.of("by-name", "by-key", "not-key", "other-key"),
                roles(gate.decide(chain(leaf, crossSigned.certificate()))));
        assertEquals(Set.of("by-name"), roles(gate.decide(chain(leaf))));
    }
}
