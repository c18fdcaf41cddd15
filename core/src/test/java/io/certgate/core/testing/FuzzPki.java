package io.certgate.core.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * A small PKI for the fuzz tests whose public keys are the same in every run, so that the committed seed inputs
 * (OCSP responses and CRLs, public DER only) keep matching their issuer's key hash and signature. The keys are
 * derived at test time from fixed labels; they protect nothing and no key material is stored anywhere.
 */
public final class FuzzPki {
    /** The validation time of the fuzz tests. */
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** The issuing CA. */
    public static final TestCertificate CA = TestCertificate.builder().subject("CN=Fuzz CA").ca(0)
            .keyPair(keyPair("ca")).serial(BigInteger.ONE)
            .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365))).build();
    /** A client certificate with every kind of name the rules address. */
    public static final TestCertificate LEAF = TestCertificate.builder()
            .subject("CN=alice,OU=ops,O=Example,DC=example,DC=org").keyPair(keyPair("leaf"))
            .serial(BigInteger.valueOf(0x1f3a)).validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))
            .sanDns("alice.example.org").sanEmail("alice@ops.example.org").sanIp("10.1.2.3")
            .sanUri("spiffe://prod.example.org/ns/payments/sa/api").sanUpn("alice@example.org")
            .clientAuth().policies("1.3.6.1.4.1.99999.1").ocspResponder("http://ocsp.example.org")
            .crlDistributionPoint("http://crl.example.org/ca.crl").signedBy(CA).build();

    private FuzzPki() {
    }

    /** An EC P-256 key pair that is the same for the same label in every run. */
    public static KeyPair keyPair(String label) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(("certgate fuzz " + label).getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the fuzz key " + label + ": " + e, e);
        }
    }
}
