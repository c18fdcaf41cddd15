package io.certgate.core.revocation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.CertStatus;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.ocsp.ResponseData;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * Turns the bytes of an OCSPResponse into an {@link OcspBasicResponse}, or refuses them with
 * {@link UnknownCause#MALFORMED} (anything that is not a well-formed successful basic response, including
 * trailing bytes at any level) or {@link UnknownCause#ERROR_RESPONSE} (a responder error status). Never throws
 * anything else: BouncyCastle's runtime exceptions on hostile bytes are caught here.
 */
final class OcspResponseParser {
    static final String BASIC = "1.3.6.1.5.5.7.48.1.1";

    private static final Map<Integer, String> ERROR_STATUSES = Map.of(
            1, "malformedRequest", 2, "internalError", 3, "tryLater", 5, "sigRequired", 6, "unauthorized");

    private OcspResponseParser() {
    }

    static OcspBasicResponse parse(byte[] der) throws OcspProblem {
        if (der == null || der.length == 0) {
            throw new OcspProblem(UnknownCause.MALFORMED, "the response is empty");
        }
        byte[] basic = basicResponseBytes(der);
        try {
            return basicResponse(basic);
        } catch (IOException | ParseException | CertificateException | RuntimeException | StackOverflowError e) {
            throw malformed("the BasicOCSPResponse cannot be parsed", e);
        }
    }

    /** OCSPResponse → status check → ResponseBytes → the BasicOCSPResponse's DER. */
    private static byte[] basicResponseBytes(byte[] der) throws OcspProblem {
        List<OcspDer.Tlv> fields;
        try {
            fields = OcspDer.single(der, "the OCSPResponse").expect(OcspDer.SEQUENCE, "OCSPResponse").children();
        } catch (IOException e) {
            throw malformed("it is not a DER OCSPResponse", e);
        }
        if (fields.isEmpty() || fields.size() > 2 || fields.get(0).tag() != OcspDer.ENUMERATED
                || fields.get(0).contentLength() < 1 || fields.get(0).contentLength() > 4) {
            throw new OcspProblem(UnknownCause.MALFORMED,
                    "it is not an OCSPResponse (a responseStatus ENUMERATED and optional responseBytes)");
        }
        int status = new BigInteger(fields.get(0).content()).intValue();
        if (status != 0) {
            String name = ERROR_STATUSES.get(status);
            if (name == null) {
                throw new OcspProblem(UnknownCause.MALFORMED,
                        "responseStatus " + status + " is not defined by RFC 6960");
            }
            throw new OcspProblem(UnknownCause.ERROR_RESPONSE,
                    "the responder answered " + name + " (" + status + ") instead of a status");
        }
        if (fields.size() != 2 || fields.get(1).tag() != 0xa0) {
            throw new OcspProblem(UnknownCause.MALFORMED, "responseStatus is successful but responseBytes is missing");
        }
        try {
            List<OcspDer.Tlv> wrapped = fields.get(1).children();
            if (wrapped.size() != 1) {
                throw new IOException("[0] holds " + wrapped.size() + " elements");
            }
            List<OcspDer.Tlv> responseBytes = wrapped.get(0).expect(OcspDer.SEQUENCE, "ResponseBytes").children();
            if (responseBytes.size() != 2) {
                throw new IOException("ResponseBytes has " + responseBytes.size() + " elements");
            }
            OcspDer.Tlv type = responseBytes.get(0).expect(OcspDer.OID, "responseType");
            String oid = ASN1ObjectIdentifier.getInstance(OcspDer.parse(type.encoded())).getId();
            if (!oid.equals(BASIC)) {
                throw new OcspProblem(UnknownCause.MALFORMED,
                        "responseType " + oid + " is not id-pkix-ocsp-basic (" + BASIC + ")");
            }
            return responseBytes.get(1).expect(OcspDer.OCTET_STRING, "response").content();
        } catch (IOException | RuntimeException e) {
            throw malformed("its responseBytes cannot be parsed", e);
        }
    }

    private static OcspBasicResponse basicResponse(byte[] der)
            throws IOException, ParseException, CertificateException, OcspProblem {
        List<OcspDer.Tlv> fields = OcspDer.single(der, "the BasicOCSPResponse")
                .expect(OcspDer.SEQUENCE, "BasicOCSPResponse").children();
        if (fields.size() < 3 || fields.size() > 4) {
            throw new IOException("BasicOCSPResponse has " + fields.size() + " elements");
        }
        OcspDer.Tlv tbs = fields.get(0);
        if (tbs.tag() != OcspDer.SEQUENCE) {
            throw new OcspProblem(UnknownCause.MALFORMED, "tbsResponseData cannot be parsed: it has tag 0x"
                    + Integer.toHexString(tbs.tag()) + ", not SEQUENCE");
        }
        AlgorithmIdentifier algorithm = AlgorithmIdentifier.getInstance(
                OcspDer.parse(fields.get(1).expect(OcspDer.SEQUENCE, "signatureAlgorithm").encoded()));
        byte[] bits = fields.get(2).expect(OcspDer.BIT_STRING, "signature").content();
        if (bits.length < 2 || bits[0] != 0) {
            throw new IOException("signature is not a whole number of octets");
        }
        byte[] signature = Arrays.copyOfRange(bits, 1, bits.length);
        List<X509Certificate> certs = fields.size() == 4 ? certs(fields.get(3)) : List.of();

        ResponseData data;
        try {
            data = responseData(ASN1Sequence.getInstance(OcspDer.parse(tbs.encoded())));
        } catch (IOException | RuntimeException e) {
            throw malformed("tbsResponseData cannot be parsed", e);
        }
        BigInteger version = data.getVersion().getValue();
        if (version.signum() != 0) {
            throw new OcspProblem(UnknownCause.MALFORMED, "ResponseData version " + version + " is not v1 (0)");
        }
        List<OcspBasicResponse.Single> singles = new ArrayList<>();
        ASN1Sequence responses = data.getResponses();
        for (int i = 0; i < responses.size(); i++) {
            try {
                singles.add(single(responses.getObjectAt(i)));
            } catch (IOException | ParseException | RuntimeException e) {
                throw malformed("SingleResponse " + (i + 1) + " cannot be parsed", e);
            }
        }
        return new OcspBasicResponse(tbs.encoded(), algorithm, signature, certs, responderId(data.getResponderID()),
                time(data.getProducedAt(), "producedAt"), List.copyOf(singles),
                extensions(data.getResponseExtensions()));
    }

    /** BouncyCastle reads the fields; the element count and tags are checked here, BC does not. */
    private static ResponseData responseData(ASN1Sequence seq) throws IOException {
        int responder = seq.size() > 0 && isTagged(seq.getObjectAt(0), 0) ? 1 : 0;
        int expected = responder + 3;
        if (seq.size() == expected + 1 && isTagged(seq.getObjectAt(expected), 1)) {
            expected++;
        }
        if (seq.size() != expected) {
            throw new IOException("ResponseData has " + seq.size() + " elements or an element with a wrong tag");
        }
        if (!isTagged(seq.getObjectAt(responder), 1) && !isTagged(seq.getObjectAt(responder), 2)) {
            throw new IOException("responderID is neither byName [1] nor byKey [2]");
        }
        ASN1Sequence.getInstance(seq.getObjectAt(responder + 2)); // responses must be a SEQUENCE
        return ResponseData.getInstance(seq);
    }

    private static OcspBasicResponse.ResponderId responderId(ResponderID id) throws IOException {
        if (id.getKeyHash() != null) {
            byte[] hash = id.getKeyHash();
            if (hash.length != 20) {
                throw new IOException("responderID byKey is " + hash.length + " bytes, not a SHA-1 hash");
            }
            return new OcspBasicResponse.ResponderId(null, hash);
        }
        return new OcspBasicResponse.ResponderId(id.getName().getEncoded(ASN1Encoding.DER), null);
    }

    private static OcspBasicResponse.Single single(ASN1Encodable element) throws IOException, ParseException {
        ASN1Sequence seq = ASN1Sequence.getInstance(element);
        if (seq.size() < 3 || seq.size() > 5) {
            throw new IOException("it has " + seq.size() + " elements");
        }
        if (ASN1Sequence.getInstance(seq.getObjectAt(0)).size() != 4) {
            throw new IOException("its CertID does not have 4 elements");
        }
        CertID id = CertID.getInstance(seq.getObjectAt(0));
        CertStatus status = CertStatus.getInstance(seq.getObjectAt(1));
        Instant thisUpdate = time(ASN1GeneralizedTime.getInstance(seq.getObjectAt(2)), "thisUpdate");
        int next = 3;
        Instant nextUpdate = null;
        if (next < seq.size() && isTagged(seq.getObjectAt(next), 0)) {
            nextUpdate = time(ASN1GeneralizedTime.getInstance((ASN1TaggedObject) seq.getObjectAt(next), true),
                    "nextUpdate");
            next++;
        }
        Extensions extensions = null;
        if (next < seq.size() && isTagged(seq.getObjectAt(next), 1)) {
            extensions = Extensions.getInstance((ASN1TaggedObject) seq.getObjectAt(next), true);
            next++;
        }
        if (next != seq.size()) {
            throw new IOException("element " + (next + 1) + " is neither nextUpdate [0] nor singleExtensions [1]");
        }

        OcspBasicResponse.CertState state;
        Instant revocationTime = null;
        Integer reason = null;
        switch (status.getTagNo()) {
            case 0 -> state = OcspBasicResponse.CertState.GOOD;
            case 1 -> {
                state = OcspBasicResponse.CertState.REVOKED;
                RevokedInfo info = RevokedInfo.getInstance(status.getStatus());
                revocationTime = time(info.getRevocationTime(), "revocationTime");
                if (info.getRevocationReason() != null) {
                    reason = info.getRevocationReason().getValue().intValueExact();
                }
            }
            case 2 -> state = OcspBasicResponse.CertState.UNKNOWN;
            default -> throw new IOException("certStatus has tag [" + status.getTagNo() + "]");
        }
        return new OcspBasicResponse.Single(id.getHashAlgorithm().getAlgorithm().getId(),
                id.getIssuerNameHash().getOctets(), id.getIssuerKeyHash().getOctets(),
                id.getSerialNumber().getValue(), state, revocationTime, reason, thisUpdate, nextUpdate,
                extensions(extensions));
    }

    private static List<X509Certificate> certs(OcspDer.Tlv field) throws IOException, CertificateException {
        if (field.tag() != 0xa0) {
            throw new IOException("the element after the signature has tag 0x" + Integer.toHexString(field.tag())
                    + ", not certs [0]");
        }
        List<OcspDer.Tlv> wrapped = field.children();
        if (wrapped.size() != 1) {
            throw new IOException("certs [0] holds " + wrapped.size() + " elements");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        List<OcspDer.Tlv> encoded = wrapped.get(0).expect(OcspDer.SEQUENCE, "certs").children();
        for (int i = 0; i < encoded.size(); i++) {
            OcspDer.Tlv cert = encoded.get(i).expect(OcspDer.SEQUENCE, "certificate " + (i + 1));
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(cert.encoded())));
            } catch (CertificateException e) {
                throw new CertificateException("certificate " + (i + 1) + " in the response cannot be parsed: "
                        + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static List<OcspBasicResponse.Extension> extensions(Extensions extensions) {
        if (extensions == null) {
            return List.of();
        }
        List<OcspBasicResponse.Extension> out = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            Extension e = extensions.getExtension(oid);
            out.add(new OcspBasicResponse.Extension(oid.getId(), e.isCritical(), e.getExtnValue().getOctets()));
        }
        return List.copyOf(out);
    }

    private static Instant time(ASN1GeneralizedTime time, String field) throws ParseException, IOException {
        String text = time.getTimeString();
        if (!text.endsWith("Z")) {
            throw new IOException(field + " " + text + " is not in UTC (Z)");
        }
        return time.getDate().toInstant();
    }

    private static boolean isTagged(ASN1Encodable element, int tagNo) {
        return element instanceof ASN1TaggedObject t && t.getTagClass() == BERTags.CONTEXT_SPECIFIC
                && t.getTagNo() == tagNo;
    }

    private static OcspProblem malformed(String what, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return new OcspProblem(UnknownCause.MALFORMED, what + ": " + message);
    }
}
