package io.certgate.core.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.certgate.core.revocation.CrlValidatorTest.TestCrl;
import io.certgate.core.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Crl#parse}: strict DER, the RFC 5280 §5 rules, times, and the signature algorithms it verifies. */
class CrlParseTest {
    private static final byte[] ECDSA_SHA256 = tlv(0x30, tlv(0x06, hex("2a8648ce3d040302")));
    private static final byte[] NAME = tlv(0x30, tlv(0x31, tlv(0x30, cat(tlv(0x06, hex("550403")),
            tlv(0x0c, "CA".getBytes(StandardCharsets.UTF_8))))));
    private static final byte[] THIS_UPDATE = tlv(0x17, ascii("250101000000Z"));
    private static final byte[] NEXT_UPDATE = tlv(0x17, ascii("250201000000Z"));
    private static final byte[] V2 = tlv(0x02, new byte[] {1});

    @ParameterizedTest
    @CsvSource({
        "23, 491231235959Z, 2049-12-31T23:59:59Z",
        "23, 500101000000Z, 1950-01-01T00:00:00Z",
        "23, 000229120000Z, 2000-02-29T12:00:00Z",
        "24, 20500101000000Z, 2050-01-01T00:00:00Z",
        "24, 19700101000000Z, 1970-01-01T00:00:00Z",
        "24, 99991231235959Z, 9999-12-31T23:59:59Z"})
    void decodesTimes(int tag, String text, String expected) throws CrlFormatException {
        CrlDer.Reader r = CrlDer.single(tlv(tag, ascii(text)), tag, "time");
        assertEquals(Instant.parse(expected).getEpochSecond(), CrlTime.read(r, "time"));
    }

    @ParameterizedTest
    @CsvSource({
        "23, 2501010000Z", "23, 250101000000", "23, 250101000000+0100", "23, 250230000000Z", "23, 251301000000Z",
        "23, 250101240000Z", "23, 250101006000Z", "23, 250101000060Z", "23, 25010100000AZ",
        "24, 20250101000000.5Z", "24, 2025010100000Z", "24, 19491231235959Z", "24, 19000229000000Z",
        "24, 00010101000000Z"})
    void refusesMalformedTimes(int tag, String text) {
        CrlFormatException e = assertThrows(CrlFormatException.class,
                () -> CrlTime.read(CrlDer.single(tlv(tag, ascii(text)), tag, "thisUpdate"), "thisUpdate"));
        assertTrue(e.getMessage().startsWith("thisUpdate: "), e.getMessage());
    }

    @Test
    void parsesAMinimalV1Crl() throws CrlFormatException {
        Crl crl = Crl.parse(crl(tbs(ECDSA_SHA256, NAME, THIS_UPDATE)));
        assertEquals(1, crl.version());
        assertTrue(crl.nextUpdate().isEmpty());
        assertEquals(0, crl.entries().size());
        assertTrue(crl.number().isEmpty());
        assertFalse(crl.isDelta());
        assertEquals("CRL of CN=CA, without number", crl.describe());
    }

    @Test
    void parsesEntriesWithNegativeAndLongSerials() throws CrlFormatException {
        byte[] entries = tlv(0x30, cat(
                entry(BigInteger.valueOf(-5), null),
                entry(BigInteger.ONE.shiftLeft(159), tlv(0x30, ext("551d15", false, tlv(0x0a, new byte[] {6})))),
                entry(BigInteger.ZERO, null)));
        Crl crl = Crl.parse(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, NEXT_UPDATE, entries)));
        assertEquals(3, crl.entries().size());
        int held = crl.entries().first(BigInteger.ONE.shiftLeft(159).toByteArray());
        assertEquals(CRLReason.certificateHold, crl.entries().reason(held));
        assertTrue(crl.entries().first(BigInteger.valueOf(-5).toByteArray()) >= 0);
        assertTrue(crl.entries().first(new byte[] {0}) >= 0);
        assertEquals(-1, crl.entries().first(BigInteger.valueOf(5).toByteArray()));
    }

    @Test
    void refusesNonDerEncodings() {
        byte[] good = crl(tbs(ECDSA_SHA256, NAME, THIS_UPDATE));
        // Long-form length where the short form fits.
        byte[] nonMinimal = new byte[good.length + 1];
        nonMinimal[0] = 0x30;
        nonMinimal[1] = (byte) 0x81;
        System.arraycopy(good, 1, nonMinimal, 2, good.length - 1);
        assertMalformed(nonMinimal, "length is not minimally encoded");
        byte[] indefinite = good.clone();
        indefinite[1] = (byte) 0x80;
        assertMalformed(indefinite, "indefinite length is not DER");
        byte[] paddedSerial = tlv(0x30, tlv(0x30, cat(tlv(0x02, hex("0001")), THIS_UPDATE)));
        assertMalformed(crl(tbs(ECDSA_SHA256, NAME, THIS_UPDATE, paddedSerial)),
                "revokedCertificates entry 1: userCertificate: INTEGER is not minimally encoded");
        byte[] badBoolean = tlv(0xa0, tlv(0x30, cat(tlv(0x30, cat(tlv(0x06, hex("551d14")), tlv(0x01, hex("01")),
                tlv(0x04, tlv(0x02, new byte[] {1})))))));
        assertMalformed(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, badBoolean)),
                "critical: BOOLEAN value 0x1 is not DER (00 or FF)");
    }

    @Test
    void toleratesExplicitFalseCriticality() throws CrlFormatException {
        byte[] extensions = tlv(0xa0, tlv(0x30, ext("551d14", false, tlv(0x02, new byte[] {9}), true)));
        Crl crl = Crl.parse(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, extensions)));
        assertEquals(BigInteger.valueOf(9), crl.number().orElseThrow());
    }

    @Test
    void refusesRepeatedExtensions() {
        byte[] number = ext("551d14", false, tlv(0x02, new byte[] {9}));
        CrlFormatException e = assertMalformed(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE,
                tlv(0xa0, tlv(0x30, cat(number, number))))), "CRL extension 2.5.29.20 appears twice");
        assertEquals("CN=CA", e.issuer().orElseThrow().toString());
        byte[] reason = ext("551d15", false, tlv(0x0a, new byte[] {1}));
        byte[] entries = tlv(0x30, tlv(0x30, cat(tlv(0x02, new byte[] {7}), THIS_UPDATE, tlv(0x30, cat(reason,
                reason)))));
        assertMalformed(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, entries)),
                "revokedCertificates entry 1 (serial 0x7): crlEntryExtension 2.5.29.21 appears twice");
    }

    @Test
    void refusesCertificateIssuerOutsideIndirectCrls() {
        byte[] issuer = ext("551d1d", true, tlv(0x30, tlv(0xa4, NAME)));
        byte[] entries = tlv(0x30, tlv(0x30, cat(tlv(0x02, new byte[] {7}), THIS_UPDATE, tlv(0x30, issuer))));
        assertMalformed(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, entries)),
                "certificateIssuer extension but the CRL is not indirect");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 11, 255})
    void refusesReasonCodesOutsideCrlReason(int code) {
        byte[] reason = ext("551d15", false, tlv(0x0a, BigInteger.valueOf(code).toByteArray()));
        byte[] entries = tlv(0x30, tlv(0x30, cat(tlv(0x02, new byte[] {7}), THIS_UPDATE, tlv(0x30, reason))));
        byte[] der = crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, entries));
        if (code == 0) {
            assertTrue(parse(der).entries().size() == 1);
        } else {
            assertMalformed(der, code == 255 ? "reasonCode" : "reasonCode " + code + " is not a CRLReason");
        }
    }

    @Test
    void unknownCriticalExtensionKeepsTheIssuer() {
        byte[] extensions = tlv(0xa0, tlv(0x30, ext("2a0304", true, tlv(0x05, new byte[0]))));
        CrlFormatException e = assertThrows(CrlFormatException.class,
                () -> Crl.parse(crl(tbs(V2, ECDSA_SHA256, NAME, THIS_UPDATE, extensions))));
        assertEquals(UnknownCause.UNHANDLED_CRITICAL_EXTENSION, e.unknownCause());
        assertEquals("CN=CA", e.issuer().orElseThrow().toString());
        assertTrue(e.getMessage().contains("critical CRL extension 1.2.3.4 is not supported"), e.getMessage());
    }

    @Test
    void verifiesRsaPkcs1() throws Exception {
        TestCertificate rsa = TestCertificate.builder().subject("CN=RSA CA").rsa(2048).ca(-1).build();
        TestCertificate other = TestCertificate.builder().subject("CN=RSA CA").rsa(2048).ca(-1).build();
        Crl crl = parse(TestCrl.by(rsa).number(1).revoke(BigInteger.TEN, Instant.now(), CRLReason.keyCompromise).der());
        assertEquals("sha256WithRSAEncryption", crl.algorithm().name());
        assertFalse(crl.isSignedBy(other.certificate().getPublicKey()));
        assertTrue(crl.isSignedBy(rsa.certificate().getPublicKey()));
        assertTrue(crl.isSignedBy(rsa.certificate().getPublicKey()), "remembered");
        assertFalse(crl.isSignedBy(other.certificate().getPublicKey()));
    }

    @ParameterizedTest
    @CsvSource({
        "EC, SHA384withECDSA, ecdsa-with-SHA384",
        "EC, SHA512withECDSA, ecdsa-with-SHA512",
        "EC, SHA1withECDSA, ecdsa-with-SHA1",
        "RSA, SHA256withRSAandMGF1, RSASSA-PSS/SHA-256",
        "RSA, SHA512withRSAandMGF1, RSASSA-PSS/SHA-512",
        "RSA, SHA1withRSA, sha1WithRSAEncryption",
        "RSA, SHA512withRSA, sha512WithRSAEncryption",
        "Ed25519, Ed25519, Ed25519",
        "Ed448, Ed448, Ed448"})
    void verifiesOtherAlgorithms(String keyType, String algorithm, String name) throws Exception {
        KeyPair keys = keys(keyType);
        KeyPair wrong = keys(keyType);
        byte[] der = new JcaX509v2CRLBuilder(new X500Principal("CN=CA"), new Date())
                .addCRLEntry(BigInteger.TWO, new Date(), CRLReason.superseded)
                .build(new JcaContentSignerBuilder(algorithm).setProvider(new BouncyCastleProvider())
                        .build(keys.getPrivate()))
                .getEncoded();
        Crl crl = parse(der);
        assertEquals(name, crl.algorithm().name());
        assertTrue(crl.isSignedBy(keys.getPublic()), algorithm);
        assertFalse(crl.isSignedBy(wrong.getPublic()), algorithm);
    }

    @Test
    void refusesMd5ButStillParses() throws Exception {
        KeyPair keys = keys("RSA");
        byte[] der = new JcaX509v2CRLBuilder(new X500Principal("CN=CA"), new Date())
                .build(new JcaContentSignerBuilder("MD5withRSA").setProvider(new BouncyCastleProvider())
                        .build(keys.getPrivate()))
                .getEncoded();
        Crl crl = parse(der);
        assertEquals(CrlSignatureAlgorithm.Kind.UNSUPPORTED, crl.algorithm().kind());
        assertEquals("md5WithRSAEncryption is not accepted", crl.algorithm().unsupportedReason());
        assertFalse(crl.isSignedBy(keys.getPublic()));
    }

    @Test
    void keepsNeitherTheDerNorEntryObjects() {
        Crl crl = parse(TestCrl.by(TestCertificate.builder().ca(-1).build()).number(1).der());
        assertTrue(crl.retainedBytes() < 2_000, "retains " + crl.retainedBytes());
        assertNull(crl.idp());
    }

    private static KeyPair keys(String type) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (type.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp384r1"));
        } else if (type.equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static CrlFormatException assertMalformed(byte[] der, String message) {
        CrlFormatException e = assertThrows(CrlFormatException.class, () -> Crl.parse(der));
        assertEquals(UnknownCause.MALFORMED, e.unknownCause());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        return e;
    }

    private static Crl parse(byte[] der) {
        return CrlValidatorTest.parse(der);
    }

    private static byte[] entry(BigInteger serial, byte[] extensions) {
        return tlv(0x30, cat(tlv(0x02, serial.toByteArray()), THIS_UPDATE, extensions == null ? new byte[0]
                : extensions));
    }

    private static byte[] ext(String oidHex, boolean critical, byte[] value) {
        return ext(oidHex, critical, value, false);
    }

    private static byte[] ext(String oidHex, boolean critical, byte[] value, boolean explicitFalse) {
        byte[] flag = critical ? tlv(0x01, new byte[] {(byte) 0xff})
                : explicitFalse ? tlv(0x01, new byte[] {0}) : new byte[0];
        return tlv(0x30, cat(tlv(0x06, hex(oidHex)), flag, tlv(0x04, value)));
    }

    private static byte[] tbs(byte[]... fields) {
        return tlv(0x30, cat(fields));
    }

    /** A CertificateList around {@code tbs} with an (unverifiable) ECDSA signature. */
    private static byte[] crl(byte[] tbs) {
        return tlv(0x30, cat(tbs, ECDSA_SHA256, tlv(0x03, hex("00300602010102010"
                + "1"))));
    }

    static byte[] tlv(int tag, byte[] content) {
        return CrlDer.tlv(tag, content);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
