package io.certgate.tomcat;

import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.config.UnverifiedChains;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Globals;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.ajp.AbstractAjpProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.SSLHostConfig;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the certificate of a request came from, and whether certgate may use it. Tomcat fills
 * {@code jakarta.servlet.request.X509Certificate} from its own TLS handshake, but also from a request header
 * ({@code SSLValve}'s {@code ssl_client_cert}, which any client that reaches the connector can send) and from the
 * front-end server on an AJP connector. Only the first was verified by Tomcat; the others are refused with
 * {@link DenialReason#FORWARDED_CERTIFICATE} unless {@code trustForwardedCertificates="true"}.
 *
 * <p>One instance per Realm or Valve; thread-safe. Refusals are audited per request and logged at WARN once per
 * connector, so that clients cannot flood the log.
 */
final class CertificateOrigin {
    private static final Log log = LogFactory.getLog(CertificateOrigin.class);
    private static final String ATTRIBUTE = "trustForwardedCertificates";

    private final String owner;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile boolean trustForwarded;
    private volatile String problem;

    CertificateOrigin(String owner) {
        this.owner = owner;
    }

    void setTrustForwarded(String value) {
        String v = value == null ? "" : value.strip();
        problem = null;
        switch (v) {
            case "", "false" -> trustForwarded = false;
            case "true" -> trustForwarded = true;
            default -> {
                trustForwarded = false;
                problem = ATTRIBUTE + " expects true or false, found '" + value + "'";
            }
        }
    }

    String getTrustForwarded() {
        return Boolean.toString(trustForwarded);
    }

    /** Stops the component on a bad value; warns when forwarded certificates are trusted. */
    void checkAtStart() throws LifecycleException {
        if (problem != null) {
            throw new LifecycleException(owner + ": " + problem);
        }
        if (trustForwarded) {
            // One literal, as docs/troubleshooting.md indexes it.
            log.warn(owner + ": trustForwardedCertificates=\"true\": client certificates from SSLValve's request header and from AJP connectors are accepted as if Tomcat had verified them; only safe when every client reaches Tomcat through a front end that verifies certificates and overwrites that header");
        }
    }

    /**
     * The refusal of a request whose certificate Tomcat did not verify, audited by {@code gate}; empty when the
     * request has no certificate, when it comes from the TLS handshake of the request's connector, or when
     * forwarded certificates are trusted.
     */
    private Optional<Decision> refusal(Request request, X509Certificate[] chain, ReloadingGate gate) {
        if (trustForwarded || chain == null || chain.length == 0) {
            return Optional.empty();
        }
        Connector connector = request.getConnector();
        Optional<String> source = untrustedSource(connector, chain, () -> handshakeChain(request));
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (warned.add(String.valueOf(connector))) {
            log.warn(owner + ": refused a client certificate that Tomcat did not verify: it came through " + source.get()
                    + "; certgate accepts only certificates from a connector on which Tomcat ends TLS (SSLEnabled=\"true\"). Let such a connector end the client's TLS, or, behind a front end that verifies client certificates, set trustForwardedCertificates=\"true\". Logged once per connector; the audit records say FORWARDED_CERTIFICATE");
        }
        return Optional.of(gate.refuse(chain, DenialReason.FORWARDED_CERTIFICATE,
                "client certificate not verified by Tomcat: it came through " + source.get()));
    }

    /**
     * Decides for a login: refused with {@link DenialReason#FORWARDED_CERTIFICATE} when Tomcat did not verify
     * {@code chain} or when there is no {@code request} to tell where it came from (unless forwarded certificates
     * are trusted), otherwise by {@code gate}. Exactly one decision, so one audit record.
     *
     * @param request the request {@code chain} belongs to, or null when it is not known
     */
    Decision decide(Request request, X509Certificate[] chain, ReloadingGate gate) {
        if (request == null && !trustForwarded && chain != null && chain.length > 0) {
            return gate.refuse(chain, DenialReason.FORWARDED_CERTIFICATE, "client certificate not verified by Tomcat: "
                    + "it reached the realm outside the request the realm saw start on this thread");
        }
        Optional<Decision> refused = request == null ? Optional.empty() : refusal(request, chain, gate);
        return refused.orElseGet(() -> gate.decide(chain));
    }

    /**
     * Why {@code chain} is not the TLS handshake's, as words for logs, or empty when it is.
     *
     * @param handshake the chain the connector's TLS handshake produced (asked only on a TLS connector)
     */
    static Optional<String> untrustedSource(Connector connector, X509Certificate[] chain,
                                            java.util.function.Supplier<X509Certificate[]> handshake) {
        ProtocolHandler protocol = connector == null ? null : connector.getProtocolHandler();
        if (protocol instanceof AbstractAjpProtocol<?>) {
            return Optional.of("the AJP connector " + connector + ", from the front-end server");
        }
        // HTTP/2 is an upgrade of the HTTP/1.1 connector, so its TLS setting is the connector's too.
        if (!(protocol instanceof AbstractHttp11Protocol<?> http) || !http.isSSLEnabled()) {
            return Optional.of("the connector " + connector + ", which does not end TLS (a request header, such as "
                    + "SSLValve's ssl_client_cert)");
        }
        // A valve or filter (SSLValve on an HTTPS connector) can still replace the handshake's chain in the request.
        if (!Arrays.equals(chain, handshake.get())) {
            return Optional.of("a valve or filter that replaced the certificate of the TLS connector " + connector
                    + " (a request header, such as SSLValve's ssl_client_cert)");
        }
        return Optional.empty();
    }

    /**
     * The TLS connectors of {@code context}'s service that hand over client chains they did not verify
     * ({@code certificateVerification="optional_no_ca"}), described for {@link UnverifiedChains#problem}.
     */
    static List<String> unverifyingConnectors(Context context) {
        Container engine = context.getParent() == null ? null : context.getParent().getParent();
        if (!(engine instanceof Engine e) || e.getService() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Connector connector : e.getService().findConnectors()) {
            if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) || !http.isSSLEnabled()) {
                continue;
            }
            for (SSLHostConfig host : connector.findSslHostConfigs()) {
                if (host.getCertificateVerification() == SSLHostConfig.CertificateVerification.OPTIONAL_NO_CA) {
                    out.add(connector + " (SSLHostConfig hostName=\"" + host.getHostName()
                            + "\" certificateVerification=\"optional_no_ca\")");
                }
            }
        }
        return out;
    }

    private static X509Certificate[] handshakeChain(Request request) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        Object chain = coyote.getAttribute(Globals.CERTIFICATES_ATTR);
        if (chain == null) {
            coyote.action(ActionCode.REQ_SSL_ATTRIBUTE, coyote);
            chain = coyote.getAttribute(Globals.CERTIFICATES_ATTR);
        }
        return chain instanceof X509Certificate[] c ? c : null;
    }
}
