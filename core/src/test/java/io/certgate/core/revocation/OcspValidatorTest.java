package io.certgate.core.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.certgate.core.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.Signature;
import java.security.SignatureException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspValidatorTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final TestCertificate CA = TestCertificate.builder().subject("CN=Test CA").ca(0)
            .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365))).build();
    static final TestCertificate LEAF = TestCertificate.builder().subject("CN=alice").serial(BigInteger.valueOf(0x1f3a))
            .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).signedBy(CA).build();
    static final TestCertificate RESPONDER = responder("CN=Test OCSP Responder", CA, OcspSigner.OCSP_SIGNING);

    private static final String PREFIX = "OCSP response for serial 1f3a: ";
    private static final OcspValidator DEFAULTS = new OcspValidator(RevocationSettings.defaults());

    static TestCertificate responder(String subject, TestCertificate issuer, String... purposes) {
        return TestCertificate.builder().subject(subject).extendedKeyUsage(purposes)
                .validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(10))).signedBy(issuer).build();
    }

    // --- statuses -------------------------------------------------------------------------------------------

    @Test
    void goodResponseSignedByTheIssuer() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
        assertEquals(Optional.of(NOW.minus(Duration.ofHours(1))), s.thisUpdate());
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(1))), s.nextUpdate());
        assertEquals(PREFIX + "good, thisUpdate 2026-03-01T11:00:00Z, nextUpdate 2026-03-02T12:00:00Z, "
                + "signed by the issuer CN=Test CA", s.detail());
    }

    @Test
    void revokedCarriesTimeAndReason() {
        Instant when = NOW.minus(Duration.ofDays(3));
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .status(new RevokedStatus(Date.from(when), CRLReason.keyCompromise)));
        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.toString());
        assertEquals(Optional.of(when), s.revocationTime());
        assertEquals(Optional.of("keyCompromise"), s.reason());
        assertEquals(Optional.of(NOW.minus(Duration.ofHours(1))), s.thisUpdate());
        assertTrue(s.detail().startsWith(PREFIX + "revoked at 2026-02-26T12:00:00Z (keyCompromise)"), s.detail());
    }

    @Test
    void revokedWithoutReasonIsUnspecified() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .status(new RevokedStatus(new RevokedInfo(new ASN1GeneralizedTime(Date.from(NOW.minus(Duration.ofDays(3)))),
                        null))));
        assertEquals(Optional.of("unspecified"), s.reason(), s.toString());
    }

    @Test
    void unknownStatusIsResponderUnknown() {
        assertUnknown(UnknownCause.RESPONDER_UNKNOWN, validate(Response.about(LEAF).signedBy(CA).status(new UnknownStatus())));
    }

    @Test
    void responseForAnotherSerialDoesNotMatch() {
        RevocationStatus s = validate(Response.about(LEAF).serial(BigInteger.valueOf(0x1f3b)).signedBy(CA));
        assertUnknown(UnknownCause.NO_MATCHING_RESPONSE, s);
        assertEquals(PREFIX + "none of its 1 SingleResponses has this certificate's CertID", s.detail());
    }

    @Test
    void sha256CertIdMatches() {
        RevocationStatus s = validate(Response.about(LEAF).certIdHash(NISTObjectIdentifiers.id_sha256).signedBy(CA));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void sha512CertIdMatches() {
        RevocationStatus s = validate(Response.about(LEAF).certIdHash(NISTObjectIdentifiers.id_sha512).signedBy(CA));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void goodAndRevokedForTheSameCertificateIsRevoked() {
        Response r = Response.about(LEAF).signedBy(CA);
        r.also(new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(2))), CRLReason.superseded));
        RevocationStatus s = validate(r);
        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.toString());
        assertEquals(Optional.of("superseded"), s.reason());
    }

    @Test
    void goodAndUnknownForTheSameCertificateDisagree() {
        Response r = Response.about(LEAF).signedBy(CA);
        r.also(new UnknownStatus());
        RevocationStatus s = validate(r);
        assertUnknown(UnknownCause.INVALID, s);
        assertEquals(PREFIX + "its 2 SingleResponses for this certificate disagree (good and unknown)", s.detail());
    }

    // --- signer ---------------------------------------------------------------------------------------------

    @Test
    void issuerIdentifiedByKeyHash() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA).byKey());
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void delegatedResponderWithOcspSigning() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(RESPONDER).include(RESPONDER));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
        assertTrue(s.detail().endsWith("signed by delegated responder CN=Test OCSP Responder"), s.detail());
    }

    @Test
    void delegatedResponderIdentifiedByKeyHash() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(RESPONDER).byKey().include(CA, RESPONDER));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void delegatedResponderWithoutOcspSigningIsUnauthorized() {
        TestCertificate plain = responder("CN=x", CA, TestCertificate.CLIENT_AUTH);
        RevocationStatus s = validate(Response.about(LEAF).signedBy(plain).include(plain));
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
        assertEquals(PREFIX + "signed by CN=x which lacks id-kp-OCSPSigning", s.detail());
    }

    @Test
    void anyExtendedKeyUsageDoesNotAuthorize() {
        TestCertificate any = responder("CN=x", CA, "2.5.29.37.0");
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, validate(Response.about(LEAF).signedBy(any).include(any)));
    }

    @Test
    void delegatedResponderOfAnotherCaIsUnauthorized() {
        TestCertificate otherCa = TestCertificate.builder().subject("CN=Other CA").ca(0).build();
        TestCertificate foreign = responder("CN=Other Responder", otherCa, OcspSigner.OCSP_SIGNING);
        RevocationStatus s = validate(Response.about(LEAF).signedBy(foreign).include(foreign));
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
        assertEquals(PREFIX + "signed by CN=Other Responder, which was issued by CN=Other CA, not by the "
                + "certificate's issuer CN=Test CA", s.detail());
    }

    @Test
    void delegatedResponderNamingTheIssuerButSignedByAnotherKeyIsUnauthorized() {
        // Same issuer name, different key: the name matches, the signature on the responder certificate does not.
        TestCertificate impostorCa = TestCertificate.builder().subject("CN=Test CA").ca(0).build();
        TestCertificate forged = responder("CN=Forged Responder", impostorCa, OcspSigner.OCSP_SIGNING);
        RevocationStatus s = validate(Response.about(LEAF).signedBy(forged).include(forged));
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
        assertEquals(PREFIX + "signed by CN=Forged Responder, whose certificate's signature does not verify with "
                + "the key of the issuer CN=Test CA", s.detail());
    }

    @Test
    void expiredDelegatedResponderIsUnauthorized() {
        TestCertificate expired = TestCertificate.builder().subject("CN=Old Responder")
                .extendedKeyUsage(OcspSigner.OCSP_SIGNING)
                .validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofMinutes(30))).signedBy(CA).build();
        RevocationStatus s = validate(Response.about(LEAF).signedBy(expired).include(expired));
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
        assertEquals(PREFIX + "signed by delegated responder CN=Old Responder, whose certificate is not valid at "
                + "2026-03-01T12:00:00Z (valid 2026-01-30T12:00:00Z to 2026-03-01T11:30:00Z)", s.detail());
    }

    @Test
    void producedBeforeTheResponderWasValidIsUnauthorized() {
        TestCertificate young = TestCertificate.builder().subject("CN=New Responder")
                .extendedKeyUsage(OcspSigner.OCSP_SIGNING)
                .validity(NOW.minus(Duration.ofMinutes(30)), NOW.plus(Duration.ofDays(5))).signedBy(CA).build();
        RevocationStatus s = validate(Response.about(LEAF).signedBy(young).include(young)
                .producedAt(NOW.minus(Duration.ofHours(1))));
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
        assertTrue(s.detail().contains("before its signer delegated responder CN=New Responder became valid"),
                s.detail());
    }

    @Test
    void delegatedResponderNotIncludedIsUnauthorized() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(RESPONDER));
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
        assertEquals(PREFIX + "responder ID byName CN=Test OCSP Responder names no certificate that may sign: not "
                + "the issuer CN=Test CA, and the response carries no certificates", s.detail());
    }

    @Test
    void signatureByAnUnrelatedKeyIsBad() {
        TestCertificate rogue = TestCertificate.builder().subject("CN=Rogue").build();
        RevocationStatus s = validate(Response.about(LEAF).signedBy(rogue).responderName("CN=Test CA"));
        assertUnknown(UnknownCause.BAD_SIGNATURE, s);
        assertEquals(PREFIX + "the ecdsa-with-SHA256 signature does not verify with the key of the issuer CN=Test CA",
                s.detail());
    }

    @Test
    void responderIdMustNameTheActualSigner() {
        // Signed by a valid delegated responder, but the responderID names the issuer.
        RevocationStatus s = validate(Response.about(LEAF).signedBy(RESPONDER).include(RESPONDER)
                .responderName("CN=Test CA"));
        assertUnknown(UnknownCause.BAD_SIGNATURE, s);
    }

    @Test
    void md5SignatureIsRefused() {
        TestCertificate rsaCa = TestCertificate.builder().subject("CN=RSA CA").rsa(2048).ca(0)
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365))).build();
        TestCertificate rsaLeaf = TestCertificate.builder().subject("CN=bob").serial(BigInteger.valueOf(0x1f3a))
                .signedBy(rsaCa).build();
        RevocationStatus s = DEFAULTS.validate(Response.about(rsaLeaf).issuedBy(rsaCa).signedBy(rsaCa)
                .algorithm("MD5withRSA").encoded(), rsaLeaf.certificate(), rsaCa.certificate(), NOW, null);
        assertUnknown(UnknownCause.BAD_SIGNATURE, s);
        assertEquals(PREFIX + "the response is signed with md5WithRSAEncryption, which certgate refuses (MD5 is "
                + "broken)", s.detail());
    }

    @Test
    void rsaPssSignatureVerifies() {
        TestCertificate rsaCa = TestCertificate.builder().subject("CN=RSA CA").rsa(2048).ca(0)
                .validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365))).build();
        TestCertificate rsaLeaf = TestCertificate.builder().subject("CN=bob").signedBy(rsaCa).build();
        RevocationStatus s = DEFAULTS.validate(Response.about(rsaLeaf).issuedBy(rsaCa).signedBy(rsaCa)
                .algorithm("RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1))
                .encoded(), rsaLeaf.certificate(), rsaCa.certificate(), NOW, null);
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void pinnedResponderMaySignForAnyCertificate() {
        TestCertificate pinned = TestCertificate.builder().subject("CN=Pinned Responder")
                .validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(10))).build();
        Response response = Response.about(LEAF).signedBy(pinned);
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, validate(response));
        OcspValidator pinning = new OcspValidator(
                RevocationSettings.builder().ocspResponderCert(pinned.certificate()).build());
        RevocationStatus s = pinning.validate(response.encoded(), LEAF.certificate(), CA.certificate(), NOW, null);
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
        assertTrue(s.detail().endsWith("signed by the pinned responder CN=Pinned Responder"), s.detail());
    }

    @Test
    void expiredPinnedResponderIsUnauthorized() {
        TestCertificate pinned = TestCertificate.builder().subject("CN=Pinned Responder")
                .validity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1))).build();
        OcspValidator pinning = new OcspValidator(
                RevocationSettings.builder().ocspResponderCert(pinned.certificate()).build());
        RevocationStatus s = pinning.validate(Response.about(LEAF).signedBy(pinned)
                .producedAt(NOW.minus(Duration.ofDays(2))).thisUpdate(NOW.minus(Duration.ofDays(2))).encoded(),
                LEAF.certificate(), CA.certificate(), NOW, null);
        assertUnknown(UnknownCause.UNAUTHORIZED_SIGNER, s);
    }

    // --- times ----------------------------------------------------------------------------------------------

    @Test
    void nextUpdatePassedIsStale() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(NOW.minus(Duration.ofDays(2))).nextUpdate(NOW.minus(Duration.ofHours(1))));
        assertUnknown(UnknownCause.STALE, s);
        assertEquals(PREFIX + "nextUpdate 2026-03-01T11:00:00Z has passed (validation time 2026-03-01T12:00:00Z, "
                + "clock skew PT5M)", s.detail());
    }

    @Test
    void nextUpdateJustPassedIsWithinTheClockSkew() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(NOW.minus(Duration.ofDays(2))).nextUpdate(NOW.minus(Duration.ofMinutes(4))));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void theClockSkewBoundsAreInclusiveToTheSecond() {
        Duration skew = Duration.ofMinutes(5);
        Instant old = NOW.minus(Duration.ofDays(2));
        assertEquals(RevocationStatus.Status.GOOD, validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(old).nextUpdate(NOW.minus(skew))).status());
        assertUnknown(UnknownCause.STALE, validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(old).nextUpdate(NOW.minus(skew).minusSeconds(1))));
        assertEquals(RevocationStatus.Status.GOOD, validate(Response.about(LEAF).signedBy(CA)
                .producedAt(NOW.plus(skew)).thisUpdate(NOW.plus(skew))).status());
        assertUnknown(UnknownCause.NOT_YET_VALID, validate(Response.about(LEAF).signedBy(CA)
                .producedAt(NOW.plus(skew)).thisUpdate(NOW.plus(skew).plusSeconds(1))));
        assertUnknown(UnknownCause.NOT_YET_VALID, validate(Response.about(LEAF).signedBy(CA)
                .producedAt(NOW.plus(skew).plusSeconds(1)).thisUpdate(NOW)));
    }

    @Test
    void thisUpdateBeyondTheClockSkewIsNotYetValid() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .producedAt(NOW).thisUpdate(NOW.plus(Duration.ofMinutes(6))));
        assertUnknown(UnknownCause.NOT_YET_VALID, s);
        assertEquals(PREFIX + "thisUpdate 2026-03-01T12:06:00Z is after the validation time 2026-03-01T12:00:00Z "
                + "plus the clock skew PT5M", s.detail());
    }

    @Test
    void thisUpdateWithinTheClockSkewIsAccepted() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .producedAt(NOW.plus(Duration.ofMinutes(4))).thisUpdate(NOW.plus(Duration.ofMinutes(4))));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void producedAtBeyondTheClockSkewIsNotYetValid() {
        assertUnknown(UnknownCause.NOT_YET_VALID, validate(Response.about(LEAF).signedBy(CA)
                .producedAt(NOW.plus(Duration.ofMinutes(10)))));
    }

    @Test
    void noNextUpdateAndOlderThanTheDefaultMaxAgeIsStale() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(NOW.minus(Duration.ofDays(8))).nextUpdate(null));
        assertUnknown(UnknownCause.STALE, s);
        assertEquals(PREFIX + "thisUpdate 2026-02-21T12:00:00Z is older than the default max age for answers "
                + "without nextUpdate (PT168H) at 2026-03-01T12:00:00Z", s.detail());
    }

    @Test
    void noNextUpdateWithinTheDefaultMaxAgeIsGood() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(NOW.minus(Duration.ofDays(6))).nextUpdate(null));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
        assertEquals(Optional.empty(), s.nextUpdate());
    }

    @Test
    void configuredMaxAgeAppliesEvenWithNextUpdate() {
        Response old = Response.about(LEAF).signedBy(CA)
                .thisUpdate(NOW.minus(Duration.ofHours(3))).nextUpdate(NOW.plus(Duration.ofDays(3)));
        assertEquals(RevocationStatus.Status.GOOD, validate(old).status());
        OcspValidator strict = new OcspValidator(RevocationSettings.builder().maxAge(Duration.ofHours(1)).build());
        RevocationStatus s = strict.validate(old.encoded(), LEAF.certificate(), CA.certificate(), NOW, null);
        assertUnknown(UnknownCause.STALE, s);
        assertTrue(s.detail().contains("older than revocation.max-age (PT1H)"), s.detail());
    }

    @Test
    void staleRevokedIsStillRevoked() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .status(new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(9))), CRLReason.keyCompromise))
                .thisUpdate(NOW.minus(Duration.ofDays(8))).nextUpdate(NOW.minus(Duration.ofDays(1))));
        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.toString());
        assertTrue(s.detail().endsWith("signed by the issuer CN=Test CA; kept although nextUpdate "
                + "2026-02-28T12:00:00Z has passed (validation time 2026-03-01T12:00:00Z, clock skew PT5M), because "
                + "revocation is permanent"), s.detail());
    }

    @Test
    void staleCertificateHoldIsStale() {
        assertUnknown(UnknownCause.STALE, validate(Response.about(LEAF).signedBy(CA)
                .status(new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(9))), CRLReason.certificateHold))
                .thisUpdate(NOW.minus(Duration.ofDays(8))).nextUpdate(NOW.minus(Duration.ofDays(1)))));
    }

    @Test
    void revokedWithoutTheNonceIsStillRevoked() {
        RevocationStatus s = DEFAULTS.validate(Response.about(LEAF).signedBy(CA)
                .status(new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(1))), CRLReason.keyCompromise))
                .encoded(), LEAF.certificate(), CA.certificate(), NOW, OcspRequests.newNonce());
        assertEquals(RevocationStatus.Status.REVOKED, s.status(), s.toString());
    }

    @Test
    void revokedWithAnUnknownCriticalSingleExtensionIsNotTrusted() {
        assertUnknown(UnknownCause.UNHANDLED_CRITICAL_EXTENSION, validate(Response.about(LEAF).signedBy(CA)
                .status(new RevokedStatus(Date.from(NOW.minus(Duration.ofDays(1))), CRLReason.keyCompromise))
                .singleExtension(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {5, 0}))));
    }

    @Test
    void nextUpdateBeforeThisUpdateIsInvalid() {
        assertUnknown(UnknownCause.INVALID, validate(Response.about(LEAF).signedBy(CA)
                .thisUpdate(NOW.minus(Duration.ofHours(1))).nextUpdate(NOW.minus(Duration.ofHours(2)))));
    }

    // --- extensions and nonce -------------------------------------------------------------------------------

    @Test
    void unknownCriticalResponseExtensionIsRefused() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .responseExtension(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {5, 0})));
        assertUnknown(UnknownCause.UNHANDLED_CRITICAL_EXTENSION, s);
        assertEquals(PREFIX + "the ResponseData carries critical extension 1.2.3.4, which certgate does not process",
                s.detail());
    }

    @Test
    void unknownCriticalSingleExtensionIsRefused() {
        assertUnknown(UnknownCause.UNHANDLED_CRITICAL_EXTENSION, validate(Response.about(LEAF).signedBy(CA)
                .singleExtension(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {5, 0}))));
    }

    @Test
    void unknownNonCriticalExtensionsAreIgnored() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA)
                .responseExtension(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), false, new byte[] {5, 0}))
                .singleExtension(new Extension(new ASN1ObjectIdentifier("1.2.3.5"), false, new byte[] {5, 0})));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void nonceRequiredButMissing() {
        RevocationStatus s = DEFAULTS.validate(Response.about(LEAF).signedBy(CA).encoded(), LEAF.certificate(),
                CA.certificate(), NOW, OcspRequests.newNonce());
        assertUnknown(UnknownCause.NONCE_MISMATCH, s);
        assertEquals(PREFIX + "a nonce was sent but the response carries none (a cached or pre-produced response)",
                s.detail());
    }

    @Test
    void nonceRequiredButDifferent() {
        byte[] sent = OcspRequests.newNonce();
        byte[] other = sent.clone();
        other[0] ^= 1;
        RevocationStatus s = DEFAULTS.validate(Response.about(LEAF).signedBy(CA).nonce(other).encoded(),
                LEAF.certificate(), CA.certificate(), NOW, sent);
        assertUnknown(UnknownCause.NONCE_MISMATCH, s);
        assertTrue(s.detail().contains("differs from the nonce sent"), s.detail());
    }

    @Test
    void nonceRequiredAndEchoed() {
        byte[] sent = OcspRequests.newNonce();
        RevocationStatus s = DEFAULTS.validate(Response.about(LEAF).signedBy(CA).nonce(sent).encoded(),
                LEAF.certificate(), CA.certificate(), NOW, sent);
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    @Test
    void nonceInResponseIsIgnoredWhenNoneWasSent() {
        RevocationStatus s = validate(Response.about(LEAF).signedBy(CA).nonce(OcspRequests.newNonce()));
        assertEquals(RevocationStatus.Status.GOOD, s.status(), s.toString());
    }

    // --- malformed input ------------------------------------------------------------------------------------

    @Test
    void emptyArrayIsMalformed() {
        RevocationStatus s = DEFAULTS.validate(new byte[0], LEAF.certificate(), CA.certificate(), NOW, null);
        assertUnknown(UnknownCause.MALFORMED, s);
        assertEquals(PREFIX + "the response is empty", s.detail());
    }

    @Test
    void nullIsMalformed() {
        assertUnknown(UnknownCause.MALFORMED, DEFAULTS.validate(null, LEAF.certificate(), CA.certificate(), NOW, null));
    }

    @Test
    void garbageIsMalformed() {
        byte[] garbage = "<html>Service Unavailable</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertUnknown(UnknownCause.MALFORMED, DEFAULTS.validate(garbage, LEAF.certificate(), CA.certificate(), NOW, null));
    }

    @Test
    void truncatedResponseIsMalformed() {
        byte[] good = Response.about(LEAF).signedBy(CA).encoded();
        for (int length = 0; length < good.length; length++) {
            RevocationStatus s = DEFAULTS.validate(Arrays.copyOf(good, length), LEAF.certificate(), CA.certificate(),
                    NOW, null);
            assertUnknown(UnknownCause.MALFORMED, s);
        }
    }

    @Test
    void trailingGarbageIsMalformed() {
        byte[] good = Response.about(LEAF).signedBy(CA).encoded();
        byte[] longer = Arrays.copyOf(good, good.length + 2);
        RevocationStatus s = DEFAULTS.validate(longer, LEAF.certificate(), CA.certificate(), NOW, null);
        assertUnknown(UnknownCause.MALFORMED, s);
        assertEquals(PREFIX + "it is not a DER OCSPResponse: 2 bytes of trailing data after the OCSPResponse",
                s.detail());
    }

    /**
     * No corruption throws or turns into REVOKED. (GOOD is possible in one place: SunEC accepts an
     * Ecdsa-Sig-Value whose SEQUENCE tag is changed, in the embedded responder certificate's signature, whose
     * signed content is unchanged.)
     */
    @Test
    void everySingleByteCorruptionIsHandledWithoutThrowing() {
        byte[] good = Response.about(LEAF).signedBy(RESPONDER).include(RESPONDER).encoded();
        for (int i = 0; i < good.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) flip;
                RevocationStatus s = DEFAULTS.validate(bad, LEAF.certificate(), CA.certificate(), NOW, null);
                assertTrue(s.status() != RevocationStatus.Status.REVOKED, i + ": " + s);
            }
        }
    }

    @Test
    void deeplyNestedInputIsMalformed() {
        int depth = 20_000;
        byte[] nested = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            nested[2 * i] = 0x30;
            nested[2 * i + 1] = (byte) 0x80;
        }
        assertUnknown(UnknownCause.MALFORMED, DEFAULTS.validate(nested, LEAF.certificate(), CA.certificate(), NOW, null));
    }

    @Test
    void responderErrorStatusIsNamed() throws Exception {
        byte[] tryLater = new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();
        RevocationStatus s = DEFAULTS.validate(tryLater, LEAF.certificate(), CA.certificate(), NOW, null);
        assertUnknown(UnknownCause.ERROR_RESPONSE, s);
        assertEquals(PREFIX + "the responder answered tryLater (3) instead of a status", s.detail());
    }

    @Test
    void missingIssuerIsNoIssuer() {
        assertUnknown(UnknownCause.NO_ISSUER, DEFAULTS.validate(Response.about(LEAF).signedBy(CA).encoded(),
                LEAF.certificate(), null, NOW, null));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static RevocationStatus validate(Response response) {
        return DEFAULTS.validate(response.encoded(), LEAF.certificate(), CA.certificate(), NOW, null);
    }

    private static void assertUnknown(UnknownCause cause, RevocationStatus status) {
        assertEquals(RevocationStatus.Status.UNKNOWN, status.status(), status.toString());
        assertEquals(Optional.of(cause), status.cause(), status.toString());
        assertTrue(status.detail().startsWith(PREFIX) || !status.detail().startsWith("OCSP"), status.detail());
    }

    /**
     * An OCSP response built with BouncyCastle, with named options. Defaults: about the given certificate, issued
     * by {@link #CA}, status good, thisUpdate an hour ago, nextUpdate in a day, producedAt an hour ago, responder
     * ID byName of the signer, signed with SHA256withECDSA (or SHA256withRSA for RSA keys), no certificates.
     */
    static final class Response {
        private final TestCertificate subject;
        private TestCertificate issuer = CA;
        private TestCertificate signer;
        private String responderName;
        private boolean byKey;
        private String algorithm;
        private AlgorithmParameterSpec algorithmParameters;
        private BigInteger serial;
        private ASN1ObjectIdentifier certIdHash = OIWObjectIdentifiers.idSHA1;
        private CertificateStatus status = CertificateStatus.GOOD;
        private final List<CertificateStatus> extraStatuses = new ArrayList<>();
        private Instant thisUpdate = NOW.minus(Duration.ofHours(1));
        private Instant nextUpdate = NOW.plus(Duration.ofDays(1));
        private Instant producedAt = NOW.minus(Duration.ofHours(1));
        private final List<Extension> responseExtensions = new ArrayList<>();
        private final List<Extension> singleExtensions = new ArrayList<>();
        private final List<TestCertificate> certs = new ArrayList<>();

        private Response(TestCertificate subject) {
            this.subject = subject;
        }

        static Response about(TestCertificate cert) {
            return new Response(cert);
        }

        Response issuedBy(TestCertificate ca) {
            this.issuer = ca;
            return this;
        }

        Response signedBy(TestCertificate key) {
            this.signer = key;
            return this;
        }

        /** The responderID byName, instead of the signer's subject. */
        Response responderName(String rfc4514) {
            this.responderName = rfc4514;
            return this;
        }

        /** The responderID byKey: SHA-1 of the signer's public key bits. */
        Response byKey() {
            this.byKey = true;
            return this;
        }

        Response algorithm(String jcaName) {
            this.algorithm = jcaName;
            return this;
        }

        Response algorithm(String jcaName, AlgorithmParameterSpec parameters) {
            this.algorithm = jcaName;
            this.algorithmParameters = parameters;
            return this;
        }

        Response serial(BigInteger value) {
            this.serial = value;
            return this;
        }

        Response certIdHash(ASN1ObjectIdentifier hash) {
            this.certIdHash = hash;
            return this;
        }

        Response status(CertificateStatus value) {
            this.status = value;
            return this;
        }

        /** Adds a second SingleResponse for the same certificate with this status. */
        Response also(CertificateStatus value) {
            extraStatuses.add(value);
            return this;
        }

        Response thisUpdate(Instant value) {
            this.thisUpdate = value;
            return this;
        }

        Response nextUpdate(Instant value) {
            this.nextUpdate = value;
            return this;
        }

        Response producedAt(Instant value) {
            this.producedAt = value;
            return this;
        }

        Response responseExtension(Extension e) {
            responseExtensions.add(e);
            return this;
        }

        Response singleExtension(Extension e) {
            singleExtensions.add(e);
            return this;
        }

        Response nonce(byte[] nonce) {
            try {
                return responseExtension(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getEncoded()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        Response include(TestCertificate... certificates) {
            certs.addAll(List.of(certificates));
            return this;
        }

        /** BouncyCastle's builder, except RSASSA-PSS, which it names in a way the JDK's providers do not know. */
        private ContentSigner contentSigner(String name, PrivateKey key) throws Exception {
            if (algorithmParameters == null) {
                return new JcaContentSignerBuilder(name).build(key);
            }
            Signature jdk = Signature.getInstance(name);
            jdk.setParameter(algorithmParameters);
            jdk.initSign(key);
            AlgorithmParameters encoded = jdk.getParameters();
            AlgorithmIdentifier id = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS,
                    ASN1Primitive.fromByteArray(encoded.getEncoded()));
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            return new ContentSigner() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return id;
                }

                @Override
                public OutputStream getOutputStream() {
                    return data;
                }

                @Override
                public byte[] getSignature() {
                    try {
                        jdk.update(data.toByteArray());
                        return jdk.sign();
                    } catch (SignatureException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        }

        byte[] encoded() {
            try {
                var digests = new JcaDigestCalculatorProviderBuilder().build();
                X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer.certificate());
                CertificateID id = new CertificateID(digests.get(new AlgorithmIdentifier(certIdHash)), issuerHolder,
                        serial != null ? serial : subject.certificate().getSerialNumber());
                RespID respId = byKey
                        ? new RespID(SubjectPublicKeyInfo.getInstance(signer.keyPair().getPublic().getEncoded()),
                                digests.get(RespID.HASH_SHA1))
                        : new RespID(new X500Name(responderName != null ? responderName
                                : signer.certificate().getSubjectX500Principal().getName()));
                BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(respId);
                Extensions single = singleExtensions.isEmpty() ? null
                        : new Extensions(singleExtensions.toArray(new Extension[0]));
                builder.addResponse(id, status, Date.from(thisUpdate),
                        nextUpdate == null ? null : Date.from(nextUpdate), single);
                for (CertificateStatus extra : extraStatuses) {
                    builder.addResponse(id, extra, Date.from(thisUpdate),
                            nextUpdate == null ? null : Date.from(nextUpdate), null);
                }
                if (!responseExtensions.isEmpty()) {
                    builder.setResponseExtensions(new Extensions(responseExtensions.toArray(new Extension[0])));
                }
                PrivateKey key = signer.privateKey();
                String name = algorithm != null ? algorithm
                        : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509CertificateHolder[] chain = new X509CertificateHolder[certs.size()];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = new JcaX509CertificateHolder(certs.get(i).certificate());
                }
                var basic = builder.build(contentSigner(name, key), chain, Date.from(producedAt));
                return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the test OCSP response: " + e, e);
            }
        }
    }
}
