package io.certgate.core.revocation;

import io.certgate.core.testing.FuzzPki;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Writes the seed inputs of the fuzz tests of certificates, OCSP responses and CRLs: public DER about
 * {@link FuzzPki}'s certificates, and a few fixed byte strings for the targets that read a {@code FuzzedDataProvider}.
 * Run with the test class path and the test resources directory as the only argument; the rules seeds are plain
 * text files kept by hand, and the seeds of {@code OcspFuzzTest.signedResponse} and {@code CrlFuzzTest.signedCrl} were
 * taken from a fuzzing run's corpus.
 */
public final class FuzzSeeds {
    /** The nonce of the nonce seed; the OCSP fuzz test validates every input with and without it. */
    static final byte[] NONCE = "certgate fuzz nonce".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = FuzzPki.NOW;
    private static final TestCertificate CA = FuzzPki.CA;
    private static final TestCertificate LEAF = FuzzPki.LEAF;

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args[0]).resolve("io/certgate/core");
        identity(resources.resolve("identity/IdentityFuzzTestInputs"));
        ocsp(resources.resolve("revocation/OcspFuzzTestInputs/response"));
        crl(resources.resolve("revocation/CrlFuzzTestInputs"));
    }

    private static void identity(Path dir) throws IOException {
        Path certificates = dir.resolve("certificate");
        write(certificates, "leaf.der", LEAF.der());
        write(certificates, "ca.der", CA.der());
        write(certificates, "unusual-names.der", certificate(7).subject(name(
                        new RDN(new AttributeTypeAndValue[] {
                            new AttributeTypeAndValue(new ASN1ObjectIdentifier("2.5.4.3"), new DERBMPString("b\u00f6b")),
                            new AttributeTypeAndValue(new ASN1ObjectIdentifier("0.9.2342.19200300.100.1.1"),
                                    new DERUTF8String("b1"))}),
                        new RDN(new ASN1ObjectIdentifier("1.2.3.4"), new DERUTF8String("x,y+z=\"w\""))))
                .sanIp("2001:db8::1").sanDirectoryName("CN=dir,O=Example").sanRegisteredId("1.2.3.4.5")
                .sanOtherName("1.2.3", new DERUTF8String("other")).sanUri("spiffe://example.org/a", "https://example.org")
                .extendedKeyUsage("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1").build().der());
        write(certificates, "empty-subject.der", certificate(8).subject("").sanEmail("nobody@example.org").build().der());

        Path names = dir.resolve("name");
        write(names, "leaf-subject.der", new X500Principal("CN=alice,OU=ops,O=Example,DC=example,DC=org").getEncoded());
        write(names, "multi-valued.der", name(new RDN(new AttributeTypeAndValue[] {
            new AttributeTypeAndValue(new ASN1ObjectIdentifier("2.5.4.3"), new DERBMPString("b\u00f6b")),
            new AttributeTypeAndValue(new ASN1ObjectIdentifier("1.2.3.4"), new DERUTF8String(" a\\b#"))})));
        write(names, "empty.der", new byte[] {0x30, 0x00});

        Path mutated = dir.resolve("mutatedCertificate");
        write(mutated, "fixed-1.bin", fixedBytes("mutated 1", 64));
        write(mutated, "fixed-2.bin", fixedBytes("mutated 2", 160));
    }

    private static void ocsp(Path dir) throws IOException {
        write(dir, "good.der", response().encoded());
        write(dir, "revoked.der", response().status(new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(3))),
                CRLReason.keyCompromise)).encoded());
        write(dir, "unknown.der", response().status(new UnknownStatus()).encoded());
        TestCertificate responder = OcspValidatorTest.responder("CN=Fuzz OCSP Responder", CA, OcspSigner.OCSP_SIGNING);
        write(dir, "delegated-by-key-sha256.der", OcspValidatorTest.Response.about(LEAF).issuedBy(CA)
                .signedBy(responder).include(responder).byKey().certIdHash(NISTObjectIdentifiers.id_sha256).encoded());
        write(dir, "nonce.der", response().nonce(NONCE).encoded());
        write(dir, "critical-extension.der", response()
                .singleExtension(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {0x05, 0x00}))
                .encoded());
        write(dir, "try-later.der", new byte[] {0x30, 0x03, 0x0a, 0x01, 0x03});
    }

    private static void crl(Path dir) throws IOException {
        Path crls = dir.resolve("crl");
        write(crls, "empty.der", crl().build().der());
        write(crls, "revokes-leaf.der", crl().crlNumber(2).revoke(LEAF.certificate(), NOW.minus(Duration.ofDays(3)),
                "keyCompromise").revoke(BigInteger.valueOf(0x1f3b), NOW.minus(Duration.ofDays(2)), "unspecified")
                .build().der());
        write(crls, "hold-no-next-update.der", crl().noNextUpdate().revoke(LEAF.certificate(),
                NOW.minus(Duration.ofDays(1)), "certificateHold").build().der());
        TestCrl.Builder many = crl().crlNumber(3);
        for (int i = 0; i < 100; i++) {
            many.revoke(BigInteger.valueOf(0x1000L + 37L * i).shiftLeft(i % 3 * 40), NOW.minus(Duration.ofDays(i)),
                    i % 2 == 0 ? "superseded" : "affiliationChanged");
        }
        write(crls, "hundred-entries.der", many.build().der());

        Path entries = dir.resolve("entries");
        write(entries, "fixed-1.bin", fixedBytes("entries 1", 96));
        write(entries, "fixed-2.bin", fixedBytes("entries 2", 512));
    }

    private static OcspValidatorTest.Response response() {
        return OcspValidatorTest.Response.about(LEAF).issuedBy(CA).signedBy(CA);
    }

    private static TestCrl.Builder crl() {
        return TestCrl.builder(CA).thisUpdate(NOW.minus(Duration.ofHours(1))).nextUpdate(NOW.plus(Duration.ofDays(1)));
    }

    private static TestCertificate.Builder certificate(long serial) {
        return TestCertificate.builder().keyPair(FuzzPki.keyPair("leaf " + serial)).serial(BigInteger.valueOf(serial))
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).signedBy(CA);
    }

    private static byte[] name(RDN... rdns) throws IOException {
        return new X500Name(rdns).getEncoded();
    }

    /** Bytes that are the same in every run: SHA-256 in counter mode over a label. */
    private static byte[] fixedBytes(String label, int length) {
        try {
            byte[] out = new byte[length];
            for (int block = 0; block * 32 < length; block++) {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest((label + " " + block).getBytes(StandardCharsets.UTF_8));
                System.arraycopy(hash, 0, out, block * 32, Math.min(32, length - block * 32));
            }
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
