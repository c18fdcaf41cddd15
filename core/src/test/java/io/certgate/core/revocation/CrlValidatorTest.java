package io.certgate.core.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.certgate.core.testing.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.security.spec.DSAParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * {@link CrlValidator} over CRLs generated with Bouncy Castle's {@code X509v2CRLBuilder} for a test PKI built with
 * {@link TestCertificate}: each status and each UNKNOWN cause, with the detail it gives.
 */
class CrlValidatorTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final TestCertificate root = TestCertificate.builder().subject("CN=Test Root,O=certgate").ca(-1).build();
    private final TestCertificate ca = TestCertificate.builder().subject("CN=Issuing CA,O=certgate").ca(0)
            .signedBy(root).build();
    private final TestCertificate leaf = TestCertificate.builder().subject("CN=alice,O=certgate")
            .serial(BigInteger.valueOf(0x1f3a)).signedBy(ca).build();
    private final CrlValidator validator = new CrlValidator(RevocationSettings.defaults());

    private List<X509Certificate> path() {
        return List.of(root.certificate(), ca.certificate(), leaf.certificate());
    }

    private RevocationStatus check(byte[]... crls) {
        return validator.check(path(), 2, Arrays.asList(crls), List.of(), NOW);
    }

    @Test
    void goodWhenNotListed() {
        byte[] crl = TestCrl.by(ca).number(7).revoke(BigInteger.valueOf(99), NOW.minusSeconds(600), CRLReason.keyCompromise)
                .der();
        RevocationStatus status = check(crl);
        assertEquals(RevocationStatus.Status.GOOD, status.status(), status.toString());
        assertEquals(NOW.minus(Duration.ofHours(1)), status.thisUpdate().orElseThrow());
        assertEquals(NOW.plus(Duration.ofDays(1)), status.nextUpdate().orElseThrow());
        assertEquals(RevocationStatus.Source.CRL, status.source());
        assertEquals("serial 0x1f3a (issuer CN=Issuing CA,O=certgate) is not revoked according to CRL of"
                + " CN=Issuing CA,O=certgate, number 7", status.detail());
    }

    @Test
    void revokedWithReasonAndTime() {
        Instant when = NOW.minus(Duration.ofMinutes(30));
        byte[] crl = TestCrl.by(ca).number(8).revoke(BigInteger.valueOf(5), when, CRLReason.superseded)
                .revoke(leaf.certificate().getSerialNumber(), when, CRLReason.keyCompromise).der();
        RevocationStatus status = check(crl);
        assertEquals(RevocationStatus.Status.REVOKED, status.status(), status.toString());
        assertEquals(when, status.revocationTime().orElseThrow());
        assertEquals("keyCompromise", status.reason().orElseThrow());
        assertEquals(NOW.minus(Duration.ofHours(1)), status.thisUpdate().orElseThrow());
        assertEquals(NOW.plus(Duration.ofDays(1)), status.nextUpdate().orElseThrow());
        assertEquals("serial 0x1f3a (issuer CN=Issuing CA,O=certgate) was revoked at " + when
                + " (keyCompromise) according to CRL of CN=Issuing CA,O=certgate, number 8", status.detail());
    }

    @Test
    void aCertificateListedTwiceIsJudgedByItsMostSevereEntry() {
        BigInteger serial = leaf.certificate().getSerialNumber();
        Instant early = NOW.minus(Duration.ofMinutes(40));
        Instant late = NOW.minus(Duration.ofMinutes(20));
        RevocationStatus status = check(TestCrl.by(ca).revoke(serial, late, CRLReason.removeFromCRL)
                .revoke(serial, late, CRLReason.certificateHold).revoke(serial, late, CRLReason.privilegeWithdrawn)
                .revoke(serial, early, CRLReason.keyCompromise).der());
        assertEquals(RevocationStatus.Status.REVOKED, status.status(), status.toString());
        assertEquals("keyCompromise", status.reason().orElseThrow());
        assertEquals(early, status.revocationTime().orElseThrow());
        RevocationStatus held = check(TestCrl.by(ca).revoke(serial, late, CRLReason.removeFromCRL)
                .revoke(serial, late, CRLReason.certificateHold).der());
        assertEquals("certificateHold", held.reason().orElse(null), held.toString());
    }

    @Test
    void revokedWithoutReasonCodeIsUnspecified() {
        byte[] crl = TestCrl.by(ca).revoke(leaf.certificate().getSerialNumber(), NOW.minusSeconds(60), -1).der();
        assertEquals("unspecified", check(crl).reason().orElseThrow());
    }

    @Test
    void certificateHoldThenRemoveFromCrlInDelta() {
        BigInteger serial = leaf.certificate().getSerialNumber();
        byte[] base = TestCrl.by(ca).number(10).freshest()
                .revoke(serial, NOW.minus(Duration.ofMinutes(50)), CRLReason.certificateHold).der();
        assertEquals(List.of("http://crl.example/delta.crl"), parse(base).freshestCrl().get(0).uris());
        RevocationStatus held = check(base);
        assertEquals(RevocationStatus.Status.REVOKED, held.status(), held.toString());
        assertEquals("certificateHold", held.reason().orElseThrow());

        byte[] delta = TestCrl.by(ca).number(11).delta(10).thisUpdate(NOW.minus(Duration.ofMinutes(10)))
                .revoke(serial, NOW.minus(Duration.ofMinutes(20)), CRLReason.removeFromCRL).der();
        RevocationStatus released = check(base, delta);
        assertEquals(RevocationStatus.Status.GOOD, released.status(), released.toString());
        assertTrue(released.detail().contains("delta CRL of CN=Issuing CA,O=certgate, number 11 (base 10)"),
                released.detail());
        // The older of the two thisUpdates; the earlier nextUpdate.
        assertEquals(NOW.minus(Duration.ofHours(1)), released.thisUpdate().orElseThrow());

        byte[] compromised = TestCrl.by(ca).number(12).delta(10)
                .revoke(serial, NOW.minus(Duration.ofMinutes(5)), CRLReason.keyCompromise).der();
        RevocationStatus revoked = check(base, compromised);
        assertEquals("keyCompromise", revoked.reason().orElseThrow(), revoked.toString());
        assertTrue(revoked.detail().contains("delta CRL"), revoked.detail());

        // Of two applicable deltas the newer one decides.
        assertEquals(RevocationStatus.Status.REVOKED, check(base, delta, compromised).status());

        // A delta whose base is newer than the complete CRL does not apply to it.
        byte[] unrelated = TestCrl.by(ca).number(13).delta(12)
                .revoke(serial, NOW.minus(Duration.ofMinutes(5)), CRLReason.removeFromCRL).der();
        assertEquals("certificateHold", check(base, unrelated).reason().orElseThrow());
    }

    @Test
    void deltaWithoutBaseIsOutOfScope() {
        byte[] delta = TestCrl.by(ca).number(3).delta(2).der();
        RevocationStatus status = check(delta);
        assertUnknown(status, UnknownCause.OUT_OF_SCOPE);
        assertTrue(status.detail().contains("only delta CRL of CN=Issuing CA,O=certgate, number 3 (base 2)"),
                status.detail());
    }

    @Test
    void outdatedDeltaMakesTheAnswerUnknown() {
        byte[] base = TestCrl.by(ca).number(1).der();
        byte[] delta = TestCrl.by(ca).number(2).delta(1).thisUpdate(NOW.minus(Duration.ofDays(2)))
                .nextUpdate(NOW.minus(Duration.ofDays(1))).der();
        assertUnknown(check(base, delta), UnknownCause.STALE);
    }

    @Test
    void outdatedCompleteCrlIsCarriedByACurrentDeltaWithFreshestCrl() {
        byte[] base = TestCrl.by(ca).number(1).freshest().thisUpdate(NOW.minus(Duration.ofDays(3)))
                .nextUpdate(NOW.minus(Duration.ofDays(1))).der();
        byte[] delta = TestCrl.by(ca).number(2).delta(1).der();
        assertUnknown(check(base), UnknownCause.STALE);
        RevocationStatus status = check(base, delta);
        assertEquals(RevocationStatus.Status.GOOD, status.status(), status.toString());
        assertEquals(NOW.plus(Duration.ofDays(1)), status.nextUpdate().orElseThrow());
    }

    @Test
    void aDsaKeyWithoutParametersInheritsThoseOfTheDsaKeyAboveIt() throws Exception {
        // RFC 5280 6.1.4 (f): a DSA subject key may leave out its domain parameters; they are those of its issuer's key.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
        generator.initialize(2048);
        KeyPair rootKeys = generator.generateKeyPair();
        DSAParams params = ((DSAPublicKey) rootKeys.getPublic()).getParams();
        KeyPairGenerator sameParameters = KeyPairGenerator.getInstance("DSA");
        sameParameters.initialize(new DSAParameterSpec(params.getP(), params.getQ(), params.getG()));
        KeyPair caKeys = sameParameters.generateKeyPair();
        KeyPair inheriting = new KeyPair(withoutParameters((DSAPublicKey) caKeys.getPublic()), caKeys.getPrivate());

        TestCertificate dsaRoot = TestCertificate.builder().subject("CN=DSA Root").ca(-1).keyPair(rootKeys)
                .signatureAlgorithm("SHA256withDSA").build();
        TestCertificate dsaCa = TestCertificate.builder().subject("CN=DSA CA").ca(0).keyPair(inheriting)
                .signatureAlgorithm("SHA256withDSA").signedBy(dsaRoot).build();
        assertEquals(null, ((DSAPublicKey) dsaCa.certificate().getPublicKey()).getParams());
        TestCertificate user = TestCertificate.builder().subject("CN=dave").signatureAlgorithm("SHA256withDSA")
                .signedBy(dsaCa).build();
        byte[] crl = TestCrl.by(dsaCa).number(1).revoke(user.certificate().getSerialNumber(),
                NOW.minus(Duration.ofMinutes(10)), CRLReason.keyCompromise).der();
        RevocationStatus revoked = validator.check(List.of(dsaRoot.certificate(), dsaCa.certificate(),
                user.certificate()), 2, List.of(crl), List.of(), NOW);
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked.toString());

        // Under an EC root there are no parameters to inherit: the CRL cannot be verified.
        TestCertificate orphan = TestCertificate.builder().subject("CN=DSA CA").ca(0).keyPair(inheriting)
                .signedBy(root).build();
        TestCertificate user2 = TestCertificate.builder().subject("CN=erin").signatureAlgorithm("SHA256withDSA")
                .signedBy(orphan).build();
        RevocationStatus unknown = validator.check(List.of(root.certificate(), orphan.certificate(),
                user2.certificate()), 2, List.of(TestCrl.by(orphan).number(1).der()), List.of(), NOW);
        assertEquals(UnknownCause.BAD_SIGNATURE, unknown.cause().orElseThrow(), unknown.toString());
    }

    /** The DSA key's encoding without domain parameters (an AlgorithmIdentifier with no parameters field). */
    private static PublicKey withoutParameters(DSAPublicKey key) throws IOException {
        byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_dsa),
                new ASN1Integer(key.getY())).getEncoded();
        return new PublicKey() {
            @Override
            public String getAlgorithm() {
                return "DSA";
            }

            @Override
            public String getFormat() {
                return "X.509";
            }

            @Override
            public byte[] getEncoded() {
                return spki.clone();
            }
        };
    }

    @Test
    void wrongSignerIsBadSignature() {
        TestCertificate impostor = TestCertificate.builder().subject("CN=Issuing CA,O=certgate").ca(0).build();
        byte[] crl = TestCrl.by(impostor).number(1).der();
        RevocationStatus status = check(crl);
        assertUnknown(status, UnknownCause.BAD_SIGNATURE);
        assertTrue(status.detail().contains("signature of CRL of CN=Issuing CA,O=certgate, number 1 does not verify"),
                status.detail());
    }

    @Test
    void tamperedCrlIsBadSignature() {
        byte[] crl = TestCrl.by(ca).number(1).der();
        crl[crl.length - 5] ^= 1;
        assertUnknown(check(crl), UnknownCause.BAD_SIGNATURE);
    }

    @Test
    void staleCrlIsUnknownButStillProvesAFinalRevocation() {
        TestCrl stale = TestCrl.by(ca).number(4).thisUpdate(NOW.minus(Duration.ofDays(9)))
                .nextUpdate(NOW.minus(Duration.ofDays(2)));
        RevocationStatus status = check(stale.der());
        assertUnknown(status, UnknownCause.STALE);
        assertTrue(status.detail().contains("is outdated: its nextUpdate " + NOW.minus(Duration.ofDays(2))),
                status.detail());

        BigInteger serial = leaf.certificate().getSerialNumber();
        byte[] revoked = TestCrl.by(ca).number(4).thisUpdate(NOW.minus(Duration.ofDays(9)))
                .nextUpdate(NOW.minus(Duration.ofDays(2))).revoke(serial, NOW.minus(Duration.ofDays(10)),
                        CRLReason.keyCompromise).der();
        assertEquals(RevocationStatus.Status.REVOKED, check(revoked).status());
        byte[] held = TestCrl.by(ca).number(4).thisUpdate(NOW.minus(Duration.ofDays(9)))
                .nextUpdate(NOW.minus(Duration.ofDays(2))).revoke(serial, NOW.minus(Duration.ofDays(10)),
                        CRLReason.certificateHold).der();
        assertUnknown(check(held), UnknownCause.STALE);
    }

    @Test
    void maxAgeBoundsCrlsWithoutNextUpdate() {
        byte[] crl = TestCrl.by(ca).number(1).thisUpdate(NOW.minus(Duration.ofDays(8))).noNextUpdate().der();
        assertUnknown(check(crl), UnknownCause.STALE);
        byte[] recent = TestCrl.by(ca).number(1).thisUpdate(NOW.minus(Duration.ofDays(6))).noNextUpdate().der();
        RevocationStatus good = check(recent);
        assertEquals(RevocationStatus.Status.GOOD, good.status());
        assertTrue(good.nextUpdate().isEmpty());
        CrlValidator strict = new CrlValidator(RevocationSettings.builder().maxAge(Duration.ofHours(2)).build());
        byte[] old = TestCrl.by(ca).number(1).thisUpdate(NOW.minus(Duration.ofHours(3))).der();
        assertUnknown(strict.check(path(), 2, List.of(old), List.of(), NOW), UnknownCause.STALE);
    }

    @Test
    void theClockSkewBoundsAreInclusiveToTheSecond() {
        Duration skew = Duration.ofMinutes(5);
        Instant old = NOW.minus(Duration.ofDays(2));
        assertEquals(RevocationStatus.Status.GOOD,
                check(TestCrl.by(ca).number(1).thisUpdate(old).nextUpdate(NOW.minus(skew)).der()).status());
        assertUnknown(check(TestCrl.by(ca).number(1).thisUpdate(old).nextUpdate(NOW.minus(skew).minusSeconds(1)).der()),
                UnknownCause.STALE);
        assertEquals(RevocationStatus.Status.GOOD,
                check(TestCrl.by(ca).number(1).thisUpdate(NOW.plus(skew)).der()).status());
        assertUnknown(check(TestCrl.by(ca).number(1).thisUpdate(NOW.plus(skew).plusSeconds(1)).der()),
                UnknownCause.NOT_YET_VALID);
    }

    @Test
    void futureThisUpdateIsNotYetValid() {
        byte[] crl = TestCrl.by(ca).number(1).thisUpdate(NOW.plus(Duration.ofMinutes(10))).der();
        RevocationStatus status = check(crl);
        assertUnknown(status, UnknownCause.NOT_YET_VALID);
        assertTrue(status.detail().contains("plus the allowed clock skew of PT5M"), status.detail());
        byte[] withinSkew = TestCrl.by(ca).number(1).thisUpdate(NOW.plus(Duration.ofMinutes(4))).der();
        assertEquals(RevocationStatus.Status.GOOD, check(withinSkew).status());
    }

    @Test
    void unknownCriticalExtensionMakesTheCrlUnusable() {
        byte[] crl = TestCrl.by(ca).number(1).extension("1.3.6.1.4.1.99999.1", true).der();
        RevocationStatus status = check(crl);
        assertUnknown(status, UnknownCause.UNHANDLED_CRITICAL_EXTENSION);
        assertTrue(status.detail().contains("critical CRL extension 1.3.6.1.4.1.99999.1 is not supported"),
                status.detail());
        byte[] nonCritical = TestCrl.by(ca).number(1).extension("1.3.6.1.4.1.99999.1", false).der();
        assertEquals(RevocationStatus.Status.GOOD, check(nonCritical).status());
    }

    @Test
    void unknownCriticalEntryExtensionMakesTheCrlUnusable() {
        byte[] crl = TestCrl.by(ca).number(1).revokeWithCriticalExtension(BigInteger.TEN, "1.3.6.1.4.1.99999.2").der();
        RevocationStatus status = check(crl);
        assertUnknown(status, UnknownCause.UNHANDLED_CRITICAL_EXTENSION);
        assertTrue(status.detail().contains("revokedCertificates entry 1 (serial 0xa): critical crlEntryExtension"
                + " 1.3.6.1.4.1.99999.2"), status.detail());
    }

    @Test
    void onlyUserCertsDoesNotCoverACaCertificate() {
        byte[] crl = TestCrl.by(root).number(1).idp(new IssuingDistributionPoint(null, true, false, null, false, false))
                .der();
        RevocationStatus status = validator.check(List.of(root.certificate(), ca.certificate()), 1, List.of(crl),
                List.of(), NOW);
        assertUnknown(status, UnknownCause.OUT_OF_SCOPE);
        assertTrue(status.detail().contains("covers only end-entity certificates (onlyContainsUserCerts) and the"
                + " certificate is a CA"), status.detail());
        byte[] caOnly = TestCrl.by(root).number(1).idp(new IssuingDistributionPoint(null, false, true, null, false,
                false)).der();
        assertEquals(RevocationStatus.Status.GOOD, validator.check(List.of(root.certificate(), ca.certificate()), 1,
                List.of(caOnly), List.of(), NOW).status());
    }

    @Test
    void distributionPointNameMustMatch() {
        TestCertificate withDp = TestCertificate.builder().subject("CN=bob").crlDistributionPoint(
                "http://crl.example/ca.crl").signedBy(ca).build();
        List<X509Certificate> p = List.of(root.certificate(), ca.certificate(), withDp.certificate());
        byte[] matching = TestCrl.by(ca).number(1).idp(idpUri("HTTP://CRL.EXAMPLE/ca.crl")).der();
        assertEquals(RevocationStatus.Status.GOOD, validator.check(p, 2, List.of(matching), List.of(), NOW).status());
        byte[] other = TestCrl.by(ca).number(1).idp(idpUri("http://crl.example/other.crl")).der();
        RevocationStatus status = validator.check(p, 2, List.of(other), List.of(), NOW);
        assertUnknown(status, UnknownCause.OUT_OF_SCOPE);
        assertTrue(status.detail().contains("covers distribution point [URI:http://crl.example/other.crl], not"
                + " [URI:http://crl.example/ca.crl]"), status.detail());
    }

    @Test
    void partitionedReasonsMustAddUpToAllReasons() {
        byte[] compromise = TestCrl.by(ca).number(1).idp(new IssuingDistributionPoint(null, false, false,
                new org.bouncycastle.asn1.x509.ReasonFlags(org.bouncycastle.asn1.x509.ReasonFlags.keyCompromise
                        | org.bouncycastle.asn1.x509.ReasonFlags.cACompromise), false, false)).der();
        RevocationStatus partial = check(compromise);
        assertUnknown(partial, UnknownCause.OUT_OF_SCOPE);
        assertTrue(partial.detail().contains("cover only the reasons {keyCompromise, cACompromise}"), partial.detail());
        int others = org.bouncycastle.asn1.x509.ReasonFlags.unused
                | org.bouncycastle.asn1.x509.ReasonFlags.affiliationChanged
                | org.bouncycastle.asn1.x509.ReasonFlags.superseded
                | org.bouncycastle.asn1.x509.ReasonFlags.cessationOfOperation
                | org.bouncycastle.asn1.x509.ReasonFlags.certificateHold
                | org.bouncycastle.asn1.x509.ReasonFlags.privilegeWithdrawn
                | org.bouncycastle.asn1.x509.ReasonFlags.aACompromise;
        byte[] rest = TestCrl.by(ca).number(2).idp(new IssuingDistributionPoint(null, false, false,
                new org.bouncycastle.asn1.x509.ReasonFlags(others), false, false)).der();
        assertEquals(RevocationStatus.Status.GOOD, check(compromise, rest).status());
    }

    @Test
    void issuerWithoutCrlSignIsUnauthorized() {
        TestCertificate noCrlSign = TestCertificate.builder().subject("CN=Signing Only CA").ca(0)
                .extension(Extension.keyUsage.getId(), true, encoded(new KeyUsage(KeyUsage.keyCertSign)))
                .signedBy(root).build();
        TestCertificate user = TestCertificate.builder().subject("CN=carol").signedBy(noCrlSign).build();
        byte[] crl = TestCrl.by(noCrlSign).number(1).der();
        RevocationStatus status = validator.check(List.of(root.certificate(), noCrlSign.certificate(),
                user.certificate()), 2, List.of(crl), List.of(), NOW);
        assertUnknown(status, UnknownCause.UNAUTHORIZED_SIGNER);
        assertTrue(status.detail().contains("whose keyUsage lacks cRLSign"), status.detail());
    }

    @Test
    void separateCrlSignerIsCheckedAndMustHaveCrlSign() {
        // Same name as the issuing CA, another key, issued by the root: a CRL signer outside the path.
        TestCertificate signer = TestCertificate.builder().subject("CN=Issuing CA,O=certgate")
                .extension(Extension.keyUsage.getId(), true, encoded(new KeyUsage(KeyUsage.cRLSign)))
                .signedBy(root).build();
        byte[] crl = TestCrl.by(signer).number(1).der();
        byte[] rootCrl = TestCrl.by(root).number(1).der();
        // Without the signer's certificate no key verifies the CRL.
        assertUnknown(check(crl, rootCrl), UnknownCause.BAD_SIGNATURE);
        RevocationStatus good = validator.check(path(), 2, List.of(crl, rootCrl), List.of(signer.certificate()), NOW);
        assertEquals(RevocationStatus.Status.GOOD, good.status(), good.toString());

        byte[] revokedSigner = TestCrl.by(root).number(2).revoke(signer.certificate().getSerialNumber(),
                NOW.minusSeconds(60), CRLReason.keyCompromise).der();
        RevocationStatus status = validator.check(path(), 2, List.of(crl, revokedSigner),
                List.of(signer.certificate()), NOW);
        assertUnknown(status, UnknownCause.UNAUTHORIZED_SIGNER);
        assertTrue(status.detail().contains("is revoked"), status.detail());

        // Without a CRL for the signer itself its status is unknown, and so is the answer.
        assertUnknown(validator.check(path(), 2, List.of(crl), List.of(signer.certificate()), NOW),
                UnknownCause.UNAUTHORIZED_SIGNER);

        TestCertificate noCrlSign = TestCertificate.builder().subject("CN=Issuing CA,O=certgate")
                .extension(Extension.keyUsage.getId(), true, encoded(new KeyUsage(KeyUsage.digitalSignature)))
                .signedBy(root).build();
        byte[] badCrl = TestCrl.by(noCrlSign).number(1).der();
        RevocationStatus unauthorized = validator.check(path(), 2, List.of(badCrl, rootCrl),
                List.of(noCrlSign.certificate()), NOW);
        assertUnknown(unauthorized, UnknownCause.UNAUTHORIZED_SIGNER);
        assertTrue(unauthorized.detail().contains("whose keyUsage lacks cRLSign"), unauthorized.detail());
    }

    @Test
    void indirectCrlWithCertificateIssuer() throws Exception {
        TestCertificate crlIssuer = TestCertificate.builder().subject("CN=CRL Issuer,O=certgate")
                .extension(Extension.keyUsage.getId(), true, encoded(new KeyUsage(KeyUsage.cRLSign)))
                .signedBy(root).build();
        GeneralNames crlIssuerName = new GeneralNames(new GeneralName(org.bouncycastle.asn1.x500.X500Name.getInstance(
                crlIssuer.certificate().getSubjectX500Principal().getEncoded())));
        DistributionPoint dp = new DistributionPoint(null, null, crlIssuerName);
        TestCertificate user = TestCertificate.builder().subject("CN=dave").serial(BigInteger.valueOf(77))
                .extension(Extension.cRLDistributionPoints.getId(), false, encoded(new CRLDistPoint(
                        new DistributionPoint[] {dp})))
                .signedBy(ca).build();
        List<X509Certificate> p = List.of(root.certificate(), ca.certificate(), user.certificate());
        GeneralNames caName = new GeneralNames(new GeneralName(org.bouncycastle.asn1.x500.X500Name.getInstance(
                ca.certificate().getSubjectX500Principal().getEncoded())));
        byte[] rootCrl = TestCrl.by(root).number(1).der();
        // Serial 77 of the CRL issuer itself is revoked, serial 77 of the CA is not (yet).
        byte[] indirect = TestCrl.by(crlIssuer).number(1).idp(new IssuingDistributionPoint(null, false, false, null,
                true, false)).revoke(BigInteger.valueOf(77), NOW.minusSeconds(60), CRLReason.keyCompromise).der();
        RevocationStatus good = validator.check(p, 2, List.of(indirect, rootCrl), List.of(crlIssuer.certificate()),
                NOW);
        assertEquals(RevocationStatus.Status.GOOD, good.status(), good.toString());

        byte[] revoking = TestCrl.by(crlIssuer).number(2).idp(new IssuingDistributionPoint(null, false, false, null,
                true, false)).revoke(BigInteger.valueOf(76), NOW.minusSeconds(60), CRLReason.keyCompromise)
                .revokeFor(caName, BigInteger.valueOf(77), NOW.minusSeconds(30), CRLReason.affiliationChanged).der();
        RevocationStatus revoked = validator.check(p, 2, List.of(revoking, rootCrl), List.of(crlIssuer.certificate()),
                NOW);
        assertEquals("affiliationChanged", revoked.reason().orElse(null), revoked.toString());

        byte[] direct = TestCrl.by(crlIssuer).number(3).der();
        assertUnknown(validator.check(p, 2, List.of(direct, rootCrl), List.of(crlIssuer.certificate()), NOW),
                UnknownCause.OUT_OF_SCOPE);
    }

    @Test
    void truncatedAndGarbageBytesAreMalformed() {
        byte[] crl = TestCrl.by(ca).number(1).der();
        RevocationStatus truncated = check(Arrays.copyOf(crl, crl.length - 10));
        assertUnknown(truncated, UnknownCause.MALFORMED);
        assertTrue(truncated.detail().contains("CertificateList: truncated"), truncated.detail());
        byte[] trailing = Arrays.copyOf(crl, crl.length + 2);
        RevocationStatus garbage = check(trailing);
        assertUnknown(garbage, UnknownCause.MALFORMED);
        assertTrue(garbage.detail().contains("2 trailing bytes after CertificateList"), garbage.detail());
        assertUnknown(check(new byte[0]), UnknownCause.MALFORMED);
        assertUnknown(check("not a CRL at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                UnknownCause.MALFORMED);
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] noise = crl.clone();
            noise[random.nextInt(noise.length)] = (byte) random.nextInt();
            RevocationStatus status = check(noise);
            assertTrue(status.status() != RevocationStatus.Status.REVOKED, status.toString());
        }
        // A good CRL beside a garbage one still decides.
        assertEquals(RevocationStatus.Status.GOOD, check(new byte[] {0x30, 0x03, 0x02, 0x01}, crl).status());
    }

    @Test
    void noCrlAtAllIsNoSource() {
        RevocationStatus status = validator.check(path(), 2, List.of(), List.of(), NOW);
        assertUnknown(status, UnknownCause.NO_SOURCE);
        assertUnknown(validator.check(path(), 2, null, null, NOW), UnknownCause.NO_SOURCE);
    }

    @Test
    void badArgumentsGiveUnknownNotExceptions() {
        assertUnknown(validator.check(path(), 0, List.of(), List.of(), NOW), UnknownCause.NO_ISSUER);
        assertUnknown(validator.check(path(), 3, List.of(), List.of(), NOW), UnknownCause.NO_ISSUER);
        assertUnknown(validator.check(null, 1, List.of(), List.of(), NOW), UnknownCause.NO_ISSUER);
        byte[] crl = TestCrl.by(ca).number(1).der();
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(crl);
        assertUnknown(validator.check(path(), 2, withNull, List.of(), null), UnknownCause.NO_ISSUER);
        assertEquals(RevocationStatus.Status.GOOD, validator.check(path(), 2, withNull, List.of(), NOW).status());
    }

    @Test
    void crlOfAnotherIssuerIsOutOfScope() {
        byte[] crl = TestCrl.by(root).number(1).der();
        RevocationStatus status = check(crl);
        assertUnknown(status, UnknownCause.OUT_OF_SCOPE);
        assertEquals("serial 0x1f3a (issuer CN=Issuing CA,O=certgate): no CRL is issued by CN=Issuing CA,O=certgate;"
                + " the one available is the CRL of CN=Test Root,O=certgate, number 1", status.detail());
    }

    @Test
    void largeCrlLooksUpFirstMiddleLastAndAbsentSerials() {
        int n = 200_000;
        Random random = new Random(7);
        List<BigInteger> serials = new ArrayList<>(n);
        TestCrl big = TestCrl.by(ca).number(100);
        Instant when = NOW.minus(Duration.ofDays(3));
        for (int i = 0; i < n; i++) {
            BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
            serials.add(serial);
            big.revoke(serial, when.plusSeconds(i), i % 2 == 0 ? CRLReason.keyCompromise : CRLReason.superseded);
        }
        long start = System.nanoTime();
        byte[] der = big.der();
        Crl crl = parse(der);
        long parsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n, crl.entries().size());
        assertTrue(crl.isSignedBy(ca.certificate().getPublicKey()));

        for (int i : new int[] {0, n / 2, n - 1}) {
            int entry = crl.entries().first(serials.get(i).toByteArray());
            assertTrue(entry >= 0, "serial #" + i + " not found");
            assertEquals(serials.get(i), crl.entries().serial(entry));
            assertEquals(when.plusSeconds(i).getEpochSecond(), crl.entries().revocationTime(entry));
            assertEquals(i % 2 == 0 ? 1 : 4, crl.entries().reason(entry));
        }
        assertEquals(-1, crl.entries().first(BigInteger.ZERO.toByteArray()));
        assertEquals(-1, crl.entries().first(new BigInteger(127, new Random(8)).toByteArray()));
        assertTrue(crl.retainedBytes() < 6_000_000L, "retains " + crl.retainedBytes() + " bytes");

        // The validator over the same CRL: the middle serial revoked, another absent.
        TestCertificate middle = TestCertificate.builder().subject("CN=middle").serial(serials.get(n / 2))
                .signedBy(ca).build();
        TestCertificate absent = TestCertificate.builder().subject("CN=absent").serial(BigInteger.valueOf(3))
                .signedBy(ca).build();
        RevocationStatus revoked = validator.checkParsed(List.of(root.certificate(), ca.certificate(),
                middle.certificate()), 2, List.of(crl), List.of(), List.of(), NOW);
        assertEquals(RevocationStatus.Status.REVOKED, revoked.status(), revoked.toString());
        assertEquals(when.plusSeconds(n / 2), revoked.revocationTime().orElseThrow());
        assertEquals(RevocationStatus.Status.GOOD, validator.checkParsed(List.of(root.certificate(),
                ca.certificate(), absent.certificate()), 2, List.of(crl), List.of(), List.of(), NOW).status());
        assertTrue(parsedMillis < 60_000, "parse took " + parsedMillis + " ms");
    }

    static void assertUnknown(RevocationStatus status, UnknownCause cause) {
        assertEquals(RevocationStatus.Status.UNKNOWN, status.status(), status.toString());
        assertEquals(cause, status.cause().orElseThrow(), status.toString());
        assertTrue(status.detail().length() > 20, status.detail());
    }

    static Crl parse(byte[] der) {
        try {
            return Crl.parse(der);
        } catch (CrlFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static IssuingDistributionPoint idpUri(String uri) {
        return new IssuingDistributionPoint(new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, uri))), false, false, null, false, false);
    }

    static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A CRL for tests, made with Bouncy Castle's {@code X509v2CRLBuilder}: issuer and signing key from a
     * {@link TestCertificate}, thisUpdate one hour before and nextUpdate one day after the test's "now" unless set.
     */
    static final class TestCrl {
        private final X500Principal issuer;
        private final PrivateKey key;
        private final String algorithm;
        private Instant thisUpdate = NOW.minus(Duration.ofHours(1));
        private Instant nextUpdate = NOW.plus(Duration.ofDays(1));
        private final List<Object[]> entries = new ArrayList<>();
        private final List<Extension> extensions = new ArrayList<>();

        private TestCrl(X500Principal issuer, PrivateKey key) {
            this.issuer = issuer;
            this.key = key;
            this.algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "DSA" -> "SHA256withDSA";
                default -> "SHA256withRSA";
            };
        }

        static TestCrl by(TestCertificate signer) {
            return new TestCrl(signer.certificate().getSubjectX500Principal(), signer.privateKey());
        }

        TestCrl thisUpdate(Instant t) {
            thisUpdate = t;
            return this;
        }

        TestCrl nextUpdate(Instant t) {
            nextUpdate = t;
            return this;
        }

        TestCrl noNextUpdate() {
            nextUpdate = null;
            return this;
        }

        TestCrl number(long n) {
            return extension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(n)));
        }

        TestCrl delta(long base) {
            return extension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.valueOf(base)));
        }

        TestCrl freshest() {
            return extension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(
                        GeneralName.uniformResourceIdentifier, "http://crl.example/delta.crl"))), null, null)}));
        }

        TestCrl idp(IssuingDistributionPoint idp) {
            return extension(Extension.issuingDistributionPoint, true, idp);
        }

        TestCrl extension(String oid, boolean critical) {
            return extension(new ASN1ObjectIdentifier(oid), critical, DERNull.INSTANCE);
        }

        TestCrl extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Extension(oid, critical, encoded(value)));
            return this;
        }

        /** Adds an entry; {@code reason} -1 leaves the reasonCode extension out. */
        TestCrl revoke(BigInteger serial, Instant when, int reason) {
            entries.add(new Object[] {serial, when, reason < 0 ? null : new Extensions(new Extension(
                    Extension.reasonCode, false, encoded(new ASN1Enumerated(reason))))});
            return this;
        }

        /** Adds an indirect-CRL entry naming its certificate issuer. */
        TestCrl revokeFor(GeneralNames certificateIssuer, BigInteger serial, Instant when, int reason) {
            entries.add(new Object[] {serial, when, new Extensions(new Extension[] {
                new Extension(Extension.reasonCode, false, encoded(new ASN1Enumerated(reason))),
                new Extension(Extension.certificateIssuer, true, encoded(certificateIssuer))})});
            return this;
        }

        TestCrl revokeWithCriticalExtension(BigInteger serial, String oid) {
            entries.add(new Object[] {serial, NOW.minus(Duration.ofMinutes(1)), new Extensions(new Extension(
                    new ASN1ObjectIdentifier(oid), true, new DEROctetString(new byte[] {5, 0}).getOctets()))});
            return this;
        }

        byte[] der() {
            try {
                JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer, Date.from(thisUpdate));
                if (nextUpdate != null) {
                    builder.setNextUpdate(Date.from(nextUpdate));
                }
                for (Object[] e : entries) {
                    builder.addCRLEntry((BigInteger) e[0], Date.from((Instant) e[1]), (Extensions) e[2]);
                }
                for (Extension x : extensions) {
                    builder.addExtension(x);
                }
                return builder.build(new JcaContentSignerBuilder(algorithm).build(key)).getEncoded();
            } catch (CertIOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
