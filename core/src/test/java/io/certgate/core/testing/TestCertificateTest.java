package io.certgate.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DLSequence;
import org.bouncycastle.asn1.DLSet;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificateTest {

    private static final TestCertificate ROOT =
            TestCertificate.builder().subject("CN=Root,O=Test").ca(1).build();
    private static final TestCertificate ISSUING =
            TestCertificate.builder().subject("CN=Issuing,O=Test").ca(0).signedBy(ROOT).build();

    @Test
    void chainIsLeafFirstAndVerifies() throws Exception {
        TestCertificate leaf = TestCertificate.builder().subject("CN=alice,O=Test").clientAuth()
                .signedBy(ISSUING).build();

        List<X509Certificate> chain = leaf.chain();
        assertEquals(List.of(leaf.certificate(), ISSUING.certificate(), ROOT.certificate()), chain);
        assertArrayEquals(chain.toArray(), leaf.chainArray());
        chain.get(0).verify(chain.get(1).getPublicKey());
        chain.get(1).verify(chain.get(2).getPublicKey());
        chain.get(2).verify(chain.get(2).getPublicKey());
        assertEquals("CN=Issuing,O=Test", leaf.certificate().getIssuerX500Principal().getName());

        // The JDK's own PKIX validation accepts the chain (extensions are sane).
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ROOT.certificate(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 2)), params);

        assertEquals(1, ROOT.certificate().getBasicConstraints());
        assertEquals(0, ISSUING.certificate().getBasicConstraints());
        assertEquals(-1, leaf.certificate().getBasicConstraints());
        assertTrue(ROOT.certificate().getKeyUsage()[5], "keyCertSign");
        assertEquals(Integer.MAX_VALUE,
                TestCertificate.builder().ca(-1).build().certificate().getBasicConstraints());
        assertEquals(List.of(TestCertificate.CLIENT_AUTH), leaf.certificate().getExtendedKeyUsage());
        assertEquals("SHA256withECDSA", leaf.certificate().getSigAlgName());
    }

    @Test
    void serialsAreRandomUnlessSet() {
        TestCertificate.Builder builder = TestCertificate.builder();
        BigInteger a = builder.build().certificate().getSerialNumber();
        BigInteger b = builder.build().certificate().getSerialNumber();
        assertNotEquals(a, b);
        assertTrue(a.signum() > 0 && a.bitLength() <= 127);

        BigInteger negative = BigInteger.valueOf(-42);
        assertEquals(negative, builder.serial(negative).build().certificate().getSerialNumber());
        BigInteger huge = BigInteger.ONE.shiftLeft(170); // 22 bytes
        assertEquals(huge, builder.serial(huge).build().certificate().getSerialNumber());
    }

    @Test
    void subjectAltNamesRoundTrip() throws Exception {
        X509Certificate cert = TestCertificate.builder()
                .sanDns("a.example.org")
                .sanIp("10.1.2.3", "2001:db8::1")
                .sanIpBytes(new byte[] {10, 0, 0, 0, (byte) 255, 0, 0, 0})
                .sanEmail("alice@example.org")
                .sanUri("spiffe://prod.example.org/ns/payments/sa/checkout")
                .sanUpn("alice@corp.example")
                .sanDirectoryName("CN=alt,O=Test")
                .sanRegisteredId("1.2.3.4")
                .sanRaw(new GeneralName(GeneralName.dNSName, new DERIA5String("evil\0.example.org", false)))
                .rsa(2048)
                .build()
                .certificate();

        List<List<Object>> expected = List.of(
                List.of(2, "a.example.org"),
                List.of(7, "10.1.2.3"),
                List.of(7, "2001:db8:0:0:0:0:0:1"),
                List.of(7, "10.0.0.0/255.0.0.0"),
                List.of(1, "alice@example.org"),
                List.of(6, "spiffe://prod.example.org/ns/payments/sa/checkout"),
                List.of(4, "CN=alt,O=Test"),
                List.of(8, "1.2.3.4"),
                List.of(2, "evil\0.example.org"));
        List<List<?>> actual = List.copyOf(cert.getSubjectAlternativeNames());
        assertEquals(10, actual.size());
        assertEquals(expected.subList(0, 6), actual.subList(0, 6));
        assertEquals(expected.subList(6, 9), actual.subList(7, 10));

        // otherName: the JDK hands back its own re-encoding, so check the extension's bytes instead:
        // [0] { type-id 1.3.6.1.4.1.311.20.2.3, [0] EXPLICIT UTF8String }.
        assertEquals(0, actual.get(6).get(0));
        String upn = "a022060a2b060104018237140203a0140c12"
                + HexFormat.of().formatHex("alice@corp.example".getBytes(StandardCharsets.UTF_8));
        assertTrue(HexFormat.of().formatHex(cert.getExtensionValue("2.5.29.17")).contains(upn));
        assertEquals("SHA256withRSA", cert.getSigAlgName());
    }

    @Test
    void rawNamesAreKeptByteForByte() throws Exception {
        ASN1ObjectIdentifier cn = new ASN1ObjectIdentifier("2.5.4.3");
        ASN1ObjectIdentifier ou = new ASN1ObjectIdentifier("2.5.4.11");
        byte[] name = new DLSequence(new ASN1Encodable[] {
            rdn(new DLSequence(new ASN1Encodable[] {cn, new DERBMPString("b\u00f6b")})),
            rdn(new DLSequence(new ASN1Encodable[] {ou, new DERUTF8String("ops\0admin")})),
            rdn(new DLSequence(new ASN1Encodable[] {ou, new DERUniversalString(new byte[] {0, 0, 0, 'x'})}))
        }).getEncoded(ASN1Encoding.DER);
        byte[] issuer = new DLSequence(rdn(new DLSequence(new ASN1Encodable[] {
            cn, new DERT61String("Root\u00e9")
        }))).getEncoded(ASN1Encoding.DER);

        TestCertificate cert = TestCertificate.builder().subject(name).issuerName(issuer)
                .signedBy(ROOT).build();

        assertArrayEquals(name, cert.certificate().getSubjectX500Principal().getEncoded());
        assertArrayEquals(issuer, cert.certificate().getIssuerX500Principal().getEncoded());
        cert.certificate().verify(ROOT.certificate().getPublicKey());

        // Non-DER input is written as given too (X500Principal.getEncoded() would re-sort this SET).
        byte[] unsorted = new DLSequence(new DLSet(new ASN1Encodable[] {
            new DLSequence(new ASN1Encodable[] {ou, new DERUTF8String("zz")}),
            new DLSequence(new ASN1Encodable[] {cn, new DERUTF8String("a")})
        })).getEncoded(ASN1Encoding.DL);
        String der = HexFormat.of().formatHex(TestCertificate.builder().subject(unsorted).build().der());
        assertTrue(der.contains(HexFormat.of().formatHex(unsorted)));
    }

    private static DLSet rdn(ASN1Encodable attribute) {
        return new DLSet(attribute);
    }

    @Test
    void exampleFilesHoldNoPrivateKey(@TempDir Path dir) throws Exception {
        ExampleFiles.main(new String[] {dir.toString()});

        for (String file : List.of("ca.pem", "issuing-ca.pem", "alice.pem", "example.rules")) {
            assertFalse(Files.readString(dir.resolve(file)).contains("PRIVATE"), file);
        }
        assertEquals(ExampleFiles.RULES, Files.readString(dir.resolve("example.rules")));
        List<? extends java.security.cert.Certificate> alice = List.copyOf(CertificateFactory
                .getInstance("X.509").generateCertificates(Files.newInputStream(dir.resolve("alice.pem"))));
        assertEquals(3, alice.size());
        assertEquals("CN=alice,OU=ops,O=Example",
                ((X509Certificate) alice.get(0)).getSubjectX500Principal().getName());
    }
}
