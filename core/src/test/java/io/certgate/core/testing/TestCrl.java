package io.certgate.core.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CRL (RFC 5280 §5) signed by a {@link TestCertificate}, made for tests.
 *
 * <pre>{@code
 * byte[] crl = TestCrl.builder(ca)
 *     .revoke(alice.certificate(), revokedAt, "keyCompromise")
 *     .build().der();
 * }</pre>
 *
 * <p>Defaults: thisUpdate when {@link Builder#build()} runs (whole seconds), nextUpdate one day later, CRL
 * number 1, authorityKeyIdentifier from the issuer's key, signed with the issuer's key ({@code SHA256withECDSA}
 * for EC, {@code SHA256withRSA} for RSA). Entries carry a reasonCode extension unless the reason is
 * {@code unspecified} (RFC 5280 §5.3.1 says to leave it out then). Instances are immutable.
 */
public final class TestCrl {
    private final byte[] der;

    private TestCrl(byte[] der) {
        this.der = der;
    }

    /** A builder for a CRL issued and signed by {@code issuer}. */
    public static Builder builder(TestCertificate issuer) {
        return new Builder(issuer);
    }

    /** The CRL's DER encoding (a fresh copy). */
    public byte[] der() {
        return der.clone();
    }

    /** The CRL as the JDK parses it. */
    public X509CRL crl() {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot read the test CRL: " + e, e);
        }
    }

    /** Builds a {@link TestCrl}; each option replaces the earlier value, except {@code revoke}, which adds. */
    public static final class Builder {
        private record Entry(BigInteger serial, Instant at, int reason) {
        }

        private final TestCertificate issuer;
        private final List<Entry> entries = new ArrayList<>();
        private Instant thisUpdate;
        private Instant nextUpdate;
        private boolean noNextUpdate;
        private BigInteger number = BigInteger.ONE;

        private Builder(TestCertificate issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
        }

        /** Sets thisUpdate (whole seconds are kept). Default: when {@link #build()} runs. */
        public Builder thisUpdate(Instant thisUpdate) {
            this.thisUpdate = Objects.requireNonNull(thisUpdate, "thisUpdate");
            return this;
        }

        /** Sets nextUpdate (whole seconds are kept), which may be in the past. Default: thisUpdate plus one day. */
        public Builder nextUpdate(Instant nextUpdate) {
            this.nextUpdate = Objects.requireNonNull(nextUpdate, "nextUpdate");
            this.noNextUpdate = false;
            return this;
        }

        /** Leaves nextUpdate out, as RFC 5280 forbids but some CAs do. */
        public Builder noNextUpdate() {
            this.nextUpdate = null;
            this.noNextUpdate = true;
            return this;
        }

        /** Sets the cRLNumber extension. Default 1. */
        public Builder crlNumber(long number) {
            this.number = BigInteger.valueOf(number);
            return this;
        }

        /** Lists {@code cert}'s serial as revoked at {@code at} for {@code reason}, see {@link #revoke(BigInteger, Instant, String)}. */
        public Builder revoke(X509Certificate cert, Instant at, String reason) {
            return revoke(cert.getSerialNumber(), at, reason);
        }

        /**
         * Lists a serial as revoked.
         *
         * @param at     the revocation date (whole seconds are kept)
         * @param reason an RFC 5280 CRLReason name such as {@code keyCompromise}; {@code unspecified} writes no
         *               reasonCode extension
         * @throws IllegalArgumentException for an unknown reason name
         */
        public Builder revoke(BigInteger serial, Instant at, String reason) {
            entries.add(new Entry(Objects.requireNonNull(serial, "serial"), seconds(Objects.requireNonNull(at, "at")),
                    RevocationReasons.code(reason)));
            return this;
        }

        /** Signs and returns the CRL. */
        public TestCrl build() {
            Instant from = seconds(thisUpdate != null ? thisUpdate : Instant.now());
            Instant until = noNextUpdate ? null : nextUpdate != null ? seconds(nextUpdate) : from.plus(Duration.ofDays(1));
            try {
                X509v2CRLBuilder b = new X509v2CRLBuilder(
                        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), Date.from(from));
                if (until != null) {
                    b.setNextUpdate(Date.from(until));
                }
                for (Entry e : entries) {
                    b.addCRLEntry(e.serial(), Date.from(e.at()), e.reason());
                }
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.keyPair().getPublic()));
                b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
                String algorithm = issuer.privateKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                return new TestCrl(b.build(new JcaContentSignerBuilder(algorithm).build(issuer.privateKey())).getEncoded());
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot build test CRL: " + e, e);
            }
        }

        private static Instant seconds(Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS);
        }
    }
}
