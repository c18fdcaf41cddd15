package io.certgate.core.revocation;

import static io.certgate.core.revocation.OcspValidatorTest.CA;
import static io.certgate.core.revocation.OcspValidatorTest.LEAF;
import static io.certgate.core.revocation.OcspValidatorTest.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspRequestsTest {

    @Test
    void sha1RequestWithoutNonce() throws Exception {
        OCSPReq request = new OCSPReq(OcspRequests.encode(LEAF.certificate(), CA.certificate(),
                RevocationSettings.CertIdHash.SHA1, null));
        assertEquals(1, request.getRequestList().length);
        CertificateID id = request.getRequestList()[0].getCertID();
        assertEquals(expectedId(OIWObjectIdentifiers.idSHA1), id);
        assertFalse(request.hasExtensions());
        assertFalse(request.isSigned());
        assertNull(request.getRequestorName());
    }

    @Test
    void sha256Request() throws Exception {
        OCSPReq request = new OCSPReq(OcspRequests.encode(LEAF.certificate(), CA.certificate(),
                RevocationSettings.CertIdHash.SHA256, null));
        CertificateID id = request.getRequestList()[0].getCertID();
        assertEquals(NISTObjectIdentifiers.id_sha256, id.getHashAlgOID());
        assertEquals(expectedId(NISTObjectIdentifiers.id_sha256), id);
    }

    @Test
    void nonceIsAnOctetStringInANonCriticalExtension() throws Exception {
        byte[] nonce = OcspRequests.newNonce();
        OCSPReq request = new OCSPReq(OcspRequests.encode(LEAF.certificate(), CA.certificate(),
                RevocationSettings.CertIdHash.SHA1, nonce));
        Extension extension = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertFalse(extension.isCritical());
        assertArrayEquals(new DEROctetString(nonce).getEncoded(), extension.getExtnValue().getOctets());
    }

    /** A responder that echoes the request's CertID and nonce extension, as RFC 6960 responders do. */
    @Test
    void responseToOurRequestValidates() throws Exception {
        for (RevocationSettings.CertIdHash hash : RevocationSettings.CertIdHash.values()) {
            byte[] nonce = OcspRequests.newNonce();
            OCSPReq request = new OCSPReq(OcspRequests.encode(LEAF.certificate(), CA.certificate(), hash, nonce));
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                    new RespID(new JcaX509CertificateHolder(CA.certificate()).getSubject()));
            builder.addResponse(request.getRequestList()[0].getCertID(), CertificateStatus.GOOD,
                    Date.from(NOW.minus(Duration.ofMinutes(1))), Date.from(NOW.plus(Duration.ofHours(4))), null);
            builder.setResponseExtensions(new Extensions(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)));
            byte[] response = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(CA.privateKey()), null,
                    Date.from(NOW))).getEncoded();
            RevocationStatus status = new OcspValidator(RevocationSettings.defaults())
                    .validate(response, LEAF.certificate(), CA.certificate(), NOW, nonce);
            assertEquals(RevocationStatus.Status.GOOD, status.status(), hash + ": " + status);
        }
    }

    @Test
    void noncesAreSixteenFreshBytes() {
        byte[] a = OcspRequests.newNonce();
        byte[] b = OcspRequests.newNonce();
        assertEquals(16, a.length);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void nonceLengthIsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OcspRequests.encode(
                LEAF.certificate(), CA.certificate(), RevocationSettings.CertIdHash.SHA1, new byte[33]));
        assertEquals("an OCSP nonce must be 1 to 32 bytes: [33]", e.getMessage());
    }

    private static CertificateID expectedId(ASN1ObjectIdentifier hash) throws Exception {
        X509CertificateHolder issuer = new JcaX509CertificateHolder(CA.certificate());
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(new AlgorithmIdentifier(hash, DERNull.INSTANCE)), issuer, LEAF.certificate().getSerialNumber());
    }
}
