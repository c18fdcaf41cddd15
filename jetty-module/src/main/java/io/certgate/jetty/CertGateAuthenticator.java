package io.certgate.jetty;

import io.certgate.core.Decision;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.RequestAttributes;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.security.auth.Subject;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Jetty's {@code CLIENT-CERT} authentication done by certgate: every request's verified client chain is decided
 * by the web application's {@link ReloadingGate} (cached per certificate object, so a kept-alive connection or an
 * HTTP session is re-authorized on each request with the current revocation status and the rules file as it is
 * now: a changed file is picked up without a restart, a broken one leaves the last good rules in force), and an authenticated
 * decision becomes Jetty's user identity with certgate's principal and roles. Jetty enforces the constraints.
 *
 * <p>Refusals are Jetty's standard 403 for {@code CLIENT-CERT}; the reason is in certgate's audit record.
 */
final class CertGateAuthenticator extends LoginAuthenticator {
    /** The request attribute holding this authenticator's {@link Decided} for the request. */
    private static final String DECIDED = CertGateAuthenticator.class.getName() + ".decided";

    private final ReloadingGate gate;

    CertGateAuthenticator(ReloadingGate gate) {
        this.gate = gate;
    }

    /** The gate requests are decided by; for embedding programs' checks in the same package. */
    ReloadingGate gate() {
        return gate;
    }

    /** Takes the identity service only: certgate needs no {@code LoginService}. */
    @Override
    public void setConfiguration(Authenticator.Configuration configuration) {
        _identityService = configuration.getIdentityService();
        _loginService = configuration.getLoginService();
    }

    @Override
    public String getAuthenticationType() {
        return Authenticator.CERT_AUTH;
    }

    @Override
    public AuthenticationState validateRequest(Request request, Response response, Callback callback) {
        X509Certificate[] chain = chain(request);
        Decision decision = decisionFor(request, chain);
        if (decision instanceof Decision.Authenticated a) {
            return new UserAuthenticationSucceeded(getAuthenticationType(), identity(a, chain));
        }
        if (AuthenticationState.Deferred.isDeferred(response)) {
            return null;
        }
        return AuthenticationState.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
    }

    /**
     * The decision for this request's chain, made once per request: on an unconstrained path Jetty asks again each
     * time the application calls {@code getUserPrincipal} or {@code getRemoteUser} for a client it could not
     * authenticate, and each decision would be counted and audited.
     */
    private Decision decisionFor(Request request, X509Certificate[] chain) {
        if (request.getAttribute(DECIDED) instanceof Decided d && d.by() == this && d.chain() == chain) {
            return d.decision();
        }
        Decision decision = gate.decide(chain);
        RequestAttributes.attach(decision, request::setAttribute);
        request.setAttribute(DECIDED, new Decided(this, chain, decision));
        return decision;
    }

    /** A decision this authenticator made for a request, with the chain it was made for. */
    private record Decided(CertGateAuthenticator by, X509Certificate[] chain, Decision decision) {
    }

    private UserIdentity identity(Decision.Authenticated a, X509Certificate[] chain) {
        Principal principal = new CertGatePrincipal(a.principal());
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.getPrincipals().add(chain[0].getSubjectX500Principal());
        subject.getPublicCredentials().add(chain[0]);
        subject.setReadOnly();
        Set<String> roles = a.roles();
        return _identityService.newUserIdentity(subject, principal, roles.toArray(new String[0]));
    }

    private static X509Certificate[] chain(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
            return ssl.peerCertificates();
        }
        return null;
    }
}
