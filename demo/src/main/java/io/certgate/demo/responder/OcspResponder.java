package io.certgate.demo.responder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.certgate.demo.pki.IssuedCertificate;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

/**
 * An OCSP responder (RFC 6960) for one CA, answering requests sent by POST or by GET (RFC 5019:
 * {@code GET /ocsp/BASE64}). Each response is signed by the CA itself (responder ID by name), is valid for
 * {@link #VALIDITY} from now, answers each CertID of the request from {@link Revocations} ({@code unknown} for
 * serials or issuers it does not know) and echoes a nonce. A request that cannot be decoded gets the
 * {@code malformedRequest} status. Demo infrastructure, not product: no pre-signed responses, no rate limits.
 */
final class OcspResponder implements HttpHandler {
    /** The time from thisUpdate to nextUpdate of every response. */
    static final Duration VALIDITY = Duration.ofHours(1);

    private final IssuedCertificate issuer;
    private final X509CertificateHolder issuerHolder;
    private final Revocations revocations;
    private final DigestCalculatorProvider digests;
    private final String prefix;

    /** @param path the context path the handler serves, such as {@code /ocsp} */
    OcspResponder(IssuedCertificate issuer, Revocations revocations, String path) {
        try {
            this.issuer = issuer;
            this.issuerHolder = new JcaX509CertificateHolder(issuer.certificate());
            this.revocations = revocations;
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
            this.prefix = path + "/";
        } catch (CertificateEncodingException | OperatorCreationException e) {
            throw new IllegalStateException("cannot set up the OCSP responder: " + e, e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = switch (exchange.getRequestMethod()) {
                case "POST" -> exchange.getRequestBody().readAllBytes();
                case "GET" -> fromPath(exchange.getRequestURI().getPath());
                default -> null;
            };
            if (request == null) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = respond(request);
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The DER request of a GET: the (already percent-decoded) path after the prefix is base64. */
    private byte[] fromPath(String path) {
        if (!path.startsWith(prefix)) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(path.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** The encoded OCSPResponse for an encoded OCSPRequest. */
    byte[] respond(byte[] der) throws IOException {
        OCSPReq request;
        Req[] items;
        try {
            request = new OCSPReq(der);
            items = request.getRequestList();
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded())));
            for (Req item : items) {
                CertificateID id = item.getCertID();
                builder.addResponse(id, status(id), Date.from(now), Date.from(now.plus(VALIDITY)), null);
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.privateKey());
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(signer, null, Date.from(now)))
                    .getEncoded();
        } catch (OCSPException | OperatorCreationException e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private CertificateStatus status(CertificateID id) throws OCSPException {
        if (!id.matchesIssuer(issuerHolder, digests) || !revocations.isIssued(id.getSerialNumber())) {
            return new UnknownStatus();
        }
        return revocations.revocation(id.getSerialNumber())
                .<CertificateStatus>map(r -> new RevokedStatus(Date.from(r.at()), r.reason()))
                .orElse(CertificateStatus.GOOD);
    }

    private static byte[] status(int status) throws IOException {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException e) {
            throw new IOException("cannot encode an OCSP error response: " + e, e);
        }
    }
}
