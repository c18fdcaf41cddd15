package io.certgate.core.files;

import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Certificates the Java platform's certificate factory refuses though openssl reads them: certgate says why
 * (an empty issuer, a short RSA key, explicit EC parameters), not that the encoding is invalid. The certificates are
 * made and signed here, each checked to be refused by the platform first.
 */
class JdkRefusalsTest {
    @TempDir
    static Path dir;
    static TestCertificate ca;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
    }

    /** A certificate with the given key, signed by the CA's key. */
    static byte[] certificate(SubjectPublicKeyInfo key) throws Exception {
        Instant now = Instant.now();
        return new X509v3CertificateBuilder(new X500Name("CN=CA"), new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=leaf"), key)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())).getEncoded();
    }

    /** The certificate with an empty issuer name (which BouncyCastle's builder refuses to write), signed again. */
    static byte[] withEmptyIssuer(byte[] der) throws Exception {
        Certificate c = Certificate.getInstance(der);
        ASN1Sequence fields = ASN1Sequence.getInstance(c.getTBSCertificate().toASN1Primitive());
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        for (int i = 0; i < fields.size(); i++) {
            tbs.add(i == 3 ? new DERSequence() : fields.getObjectAt(i)); // [0] version, serial, signature, issuer
        }
        byte[] tbsDer = new DERSequence(tbs).getEncoded();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(ca.privateKey());
        signature.update(tbsDer);
        return new DERSequence(new ASN1Encodable[] {ASN1Primitive.fromByteArray(tbsDer), c.getSignatureAlgorithm(),
                new DERBitString(signature.sign())}).getEncoded();
    }

    /** Checks that the platform refuses the certificate, as this test is about. */
    static byte[] refusedByThePlatform(byte[] der) {
        assertThrows(CertificateException.class, () -> CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der)), "the platform refuses it");
        return der;
    }

    static String refused(String name, byte[] der) throws Exception {
        Path file = Files.write(dir.resolve(name), der);
        FileFormatException e = assertThrows(FileFormatException.class, () -> CertificateLoader.read(file));
        return e.where();
    }

    static SubjectPublicKeyInfo ecKey() {
        return SubjectPublicKeyInfo.getInstance(TestCertificate.builder().build().keyPair().getPublic().getEncoded());
    }

    @Test
    void anEmptyIssuerNameIsSaid() throws Exception {
        byte[] der = refusedByThePlatform(withEmptyIssuer(certificate(ecKey())));
        assertEquals("the issuer name is empty, and the Java platform does not read a certificate without one "
                + "(RFC 5280 §4.1.2.4 requires it)", refused("empty-issuer.der", der));
    }

    @Test
    void anRsaKeyUnder512BitsIsSaid() throws Exception {
        SecureRandom random = new SecureRandom();
        BigInteger modulus = BigInteger.probablePrime(192, random).multiply(BigInteger.probablePrime(192, random));
        SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(modulus, BigInteger.valueOf(65537)));
        byte[] der = refusedByThePlatform(certificate(key));
        assertEquals("its RSA key has " + modulus.bitLength() + " bits, and the Java platform does not read RSA keys "
                + "under 512 bits", refused("rsa384.der", der));
    }

    @Test
    void explicitEcParametersAreSaid() throws Exception {
        SubjectPublicKeyInfo named = ecKey();
        SubjectPublicKeyInfo explicit = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                new X962Parameters(ECNamedCurveTable.getByName("P-256"))), named.getPublicKeyData().getBytes());
        byte[] der = refusedByThePlatform(certificate(explicit));
        assertEquals("its EC key gives the curve by explicit parameters instead of naming it, and the Java platform "
                + "reads only named curves (as RFC 5480 §2.1.1 requires)", refused("explicit-ec.der", der));
    }

    @Test
    void anotherReasonStillGetsTheShortMessage() {
        assertEquals(JdkRefusals.UNKNOWN, JdkRefusals.why(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
        assertEquals(JdkRefusals.UNKNOWN, JdkRefusals.why(ca.der()), "a certificate the platform reads has no refusal");
    }
}
