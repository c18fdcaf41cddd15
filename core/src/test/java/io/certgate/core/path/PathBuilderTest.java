package io.certgate.core.path;

import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths verified link by link, the content-keyed link cache, and the bounds on hostile input. */
class PathBuilderTest {
    static TestCertificate root;
    static TestCertificate issuing;

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=Builder Root,O=Example").ca(1).build();
        issuing = TestCertificate.builder().subject("CN=Builder Issuing CA,O=Example").ca(0).signedBy(root).build();
    }

    static X509Certificate copy(X509Certificate cert) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
    }

    @Test
    void aSecondLeafOfTheSameIntermediateCostsOneSignatureCheck() throws Exception {
        PathBuilder paths = PathBuilder.of(List.of());
        TestCertificate alice = TestCertificate.builder().subject("CN=alice").signedBy(issuing).build();
        TestCertificate bob = TestCertificate.builder().subject("CN=bob").signedBy(issuing).build();

        VerifiedPath first = paths.build(new X509Certificate[] {alice.certificate(), issuing.certificate(),
                root.certificate()});
        assertEquals(List.of(alice.certificate(), issuing.certificate(), root.certificate()), first.certificates());
        assertTrue(first.complete());
        assertEquals(2, paths.signatureChecks());

        // New objects for the intermediate and root, as another TLS session would hand them over.
        VerifiedPath second = paths.build(new X509Certificate[] {bob.certificate(), copy(root.certificate()),
                copy(issuing.certificate())});
        assertEquals(issuing.certificate(), second.issuer().orElseThrow());
        assertTrue(second.complete());
        assertEquals(3, paths.signatureChecks(), "only bob's signature is new");

        paths.build(new X509Certificate[] {bob.certificate(), issuing.certificate(), root.certificate()});
        assertEquals(3, paths.signatureChecks());
    }

    @Test
    void theLeafAloneFindsItsIssuerAmongTheConfiguredOnesBySignature() {
        TestCertificate alice = TestCertificate.builder().subject("CN=alice").signedBy(issuing).build();
        TestCertificate sameName = TestCertificate.builder().subject("CN=Builder Issuing CA,O=Example").ca(0)
                .signedBy(root).build();
        VerifiedPath path = PathBuilder.of(List.of(sameName.certificate(), issuing.certificate()))
                .build(alice.certificate());
        assertEquals(issuing.certificate(), path.issuer().orElseThrow());
        assertTrue(path.complete(), "a configured issuer ends the path");
        assertEquals(PathBuilder.of(List.of(sameName.certificate())).build(alice.certificate()).certificates(),
                List.of(alice.certificate()));
    }

    @Test
    void anIssuerMustBeACaThatMaySignCertificates() throws Exception {
        TestCertificate notCa = TestCertificate.builder().subject("CN=Not A CA").build();
        TestCertificate underNotCa = TestCertificate.builder().subject("CN=alice").signedBy(notCa).build();
        PathBuilder paths = PathBuilder.of(List.of());
        assertFalse(paths.issued(notCa.certificate(), underNotCa.certificate()));
        assertEquals(1, paths.build(new X509Certificate[] {underNotCa.certificate(), notCa.certificate()})
                .certificates().size());

        TestCertificate noKeyCertSign = TestCertificate.builder().subject("CN=CRL Only CA").ca(0)
                .extension("2.5.29.15", true, new org.bouncycastle.asn1.x509.KeyUsage(
                        org.bouncycastle.asn1.x509.KeyUsage.cRLSign | org.bouncycastle.asn1.x509.KeyUsage.digitalSignature)
                        .toASN1Primitive().getEncoded())
                .build();
        TestCertificate underIt = TestCertificate.builder().subject("CN=bob").signedBy(noKeyCertSign).build();
        assertFalse(paths.issued(noKeyCertSign.certificate(), underIt.certificate()));
        assertTrue(paths.issued(issuing.certificate(), TestCertificate.builder().subject("CN=carol")
                .signedBy(issuing).build().certificate()));
    }

    @Test
    void hostileChainsAreBoundedInSignatureChecks() {
        TestCertificate alice = TestCertificate.builder().subject("CN=alice").signedBy(issuing).build();
        List<X509Certificate> sent = new ArrayList<>();
        sent.add(alice.certificate());
        for (int i = 0; i < 40; i++) {
            sent.add(TestCertificate.builder().subject("CN=Builder Issuing CA,O=Example").ca(0).build().certificate());
        }
        sent.add(issuing.certificate());
        PathBuilder paths = PathBuilder.of(List.of());
        VerifiedPath path = paths.build(sent.toArray(X509Certificate[]::new));
        assertTrue(paths.signatureChecks() <= PathBuilder.MAX_STEPS, "checks: " + paths.signatureChecks());
        assertEquals(41, path.otherPresented());
        assertEquals(1, path.certificates().size(), "the real issuer came after the considered ones: " + path);
    }
}
