package io.certgate.tomcat;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.Decision;
import io.certgate.core.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Globals;
import org.apache.catalina.Realm;
import org.apache.catalina.Wrapper;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.realm.CombinedRealm;
import org.apache.catalina.realm.RealmBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSName;

import java.io.IOException;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

/**
 * A Realm for {@code CLIENT-CERT} logins: Tomcat's {@code SSLAuthenticator} hands it the client's verified
 * certificate chain, certgate decides with the web application's rules, and an authenticated client gets a
 * principal holding the roles certgate computed, so {@code isUserInRole}, {@code getUserPrincipal},
 * {@code getRemoteUser} and {@code <security-constraint>}s work. Password, digest and GSS logins to those web
 * applications find no one.
 *
 * <pre>{@code
 * <Realm className="io.certgate.tomcat.CertGateRealm" rules="/etc/certgate/default.rules" revocation.on-unknown="deny"/>
 * }</pre>
 *
 * <p>The realm serves the web applications whose {@code web.xml} says {@code CLIENT-CERT}. Each uses the rules its
 * {@code certgate.rules} context-param names, or the {@code rules} attribute when it has none; one with neither, or
 * with a broken rules file, is not started. Every other attribute is a setting of the rules file by the same name, a
 * default that the rules file may override. In {@code conf/context.xml} or a {@code META-INF/context.xml} the realm
 * serves its one web application; in {@code server.xml}'s Host it serves every web application below that has no
 * realm of its own, each with its own rules. Web applications without {@code CLIENT-CERT} are left alone: every
 * call for them goes to the realm of the container above the one this realm is configured in (the stock Engine's
 * {@code LockOutRealm}). Nested inside a {@link CombinedRealm}, or displaced by another realm of its container, the
 * realm stops the {@code CLIENT-CERT} applications it would serve, with a message that says where to put it.
 *
 * <p>Revocation and rules apply to every request: a login Tomcat cached in the HTTP session is decided again
 * (cheaply: core caches per certificate and revocation status), and dropped, with a 401, once certgate refuses
 * the certificate. Denials are logged at DEBUG; certgate's audit record says why.
 *
 * <p>Only certificates from a TLS handshake on the request's own connector ({@code SSLEnabled="true"}) are used:
 * one that came through a request header ({@code SSLValve}) or an AJP connector is refused with the audit reason
 * {@code FORWARDED_CERTIFICATE}, unless {@code trustForwardedCertificates="true"}, on every login path (a constrained
 * resource, {@code preemptiveAuthentication}, {@code HttpServletRequest.authenticate()}). A principal certgate did
 * not decide for the request, such as one Tomcat's {@code SingleSignOn} valve carries over from another web
 * application, is dropped.
 */
public final class CertGateRealm extends RealmBase {
    private static final Log log = LogFactory.getLog(CertGateRealm.class);

    private final ContainerSettings settings = new ContainerSettings();
    private final ContextGates gates = new ContextGates("CertGateRealm", "realm", settings, this::scope);
    private final CertificateOrigin origin = new CertificateOrigin("CertGateRealm");
    /** The request each thread serves, from the authenticator's first call; see findSecurityConstraints. */
    private final ThreadLocal<Request> current = new ThreadLocal<>();

    /** The rules of web applications without a {@code certgate.rules} context-param: an absolute path or file: URL. */
    public void setRules(String location) {
        settings.setRules(location);
    }

    public String getRules() {
        return settings.getRules();
    }

    /**
     * Sets a setting of the rules file by its own name, such as {@code revocation.mode}; Tomcat calls it for every
     * attribute without a setter of its own. Unknown names and bad values stop the realm at start.
     *
     * @return whether {@code name} is a setting
     */
    public boolean setProperty(String name, String value) {
        return settings.set(name, value);
    }

    /**
     * Sets the clock decisions are judged by, for embedding programs and tests; see
     * {@link ContainerSettings#setClock}. Call before the web applications start.
     */
    public void setClock(Clock clock) {
        settings.setClock(clock);
    }

    /** The value of a setting given as an attribute, or null. */
    public String getProperty(String name) {
        return settings.get(name);
    }

    /**
     * Whether client certificates Tomcat did not verify are accepted: those {@code SSLValve} reads from a request
     * header and those an AJP connector receives from the front-end server. Default {@code false}: they are refused
     * with the audit reason {@code FORWARDED_CERTIFICATE}. Set {@code true} only when every client reaches Tomcat
     * through a front end that verifies client certificates and overwrites the header; it is logged at WARN on start.
     * A value other than {@code true} or {@code false} stops the realm at start.
     */
    public void setTrustForwardedCertificates(String value) {
        origin.setTrustForwarded(value);
    }

    public String getTrustForwardedCertificates() {
        return origin.getTrustForwarded();
    }

    /** The gate of a started web application; for embedding programs' checks in the same package. */
    Optional<ReloadingGate> gate(Context context) {
        return gates.of(context);
    }

    @Override
    public void setContainer(Container container) {
        super.setContainer(container);
        if (container != null) {
            gates.watch(container);
        }
    }

    @Override
    protected void startInternal() throws LifecycleException {
        gates.checkSettings();
        origin.checkAtStart();
        super.startInternal();
    }

    /**
     * Decides for a {@code CLIENT-CERT} login, whichever path asked: a constrained resource, preemptive
     * authentication or {@code HttpServletRequest.authenticate()}. A certificate Tomcat did not verify is refused
     * here, before any decision, so a refused login writes one audit record; so is one that cannot be traced to the
     * request this realm saw start on this thread (the only case: a login asked from another thread), unless
     * {@code trustForwardedCertificates="true"}.
     */
    @Override
    public Principal authenticate(X509Certificate[] certificates) {
        Request request = current.get();
        if (request != null && request.getAttribute(Globals.CERTIFICATES_ATTR) != certificates) {
            request = null; // not the certificates of the request this thread started with
        }
        Context context = container instanceof Context c ? c : request == null ? null : request.getContext();
        Optional<ReloadingGate> gate = context != null ? gates.of(context) : gates.ofCurrentThread();
        if (gate.isEmpty()) {
            log.warn("CertGateRealm: no certgate configuration for the web application of this request; refused");
            return null;
        }
        return principal(origin.decide(request, certificates, gate.get()));
    }

    /*
     * The authenticator asks findSecurityConstraints first on every request of its context, before any login path
     * (constrained resource, preemptive authentication, HttpServletRequest.authenticate()). It is where this realm
     * learns the request, which authenticate(X509Certificate[]) does not see, and where a principal that reached the
     * request before the authenticator (a login cached in the session, one a SingleSignOn valve carried over from
     * another web application) is decided again or dropped.
     */

    /**
     * Keeps only a principal certgate decides for this request: a {@code CLIENT-CERT} login cached in the session is
     * decided again (origin included); any other, such as one Tomcat's {@code SingleSignOn} valve brings from
     * another web application's password login, is dropped.
     */
    @Override
    public SecurityConstraint[] findSecurityConstraints(Request request, Context context) {
        current.set(request);
        Principal principal = request.getPrincipal();
        if (principal != null && gates.of(context).isPresent()) {
            Principal kept = null;
            if (principal instanceof CertGatePrincipal && HttpServletRequest.CLIENT_CERT_AUTH.equals(request.getAuthType())) {
                X509Certificate[] chain = (X509Certificate[]) request.getAttribute(Globals.CERTIFICATES_ATTR);
                kept = gates.of(context).map(g -> principal(origin.decide(request, chain, g))).orElse(null);
            } else if (log.isDebugEnabled()) {
                log.debug("CertGateRealm: dropped the principal " + principal.getName() + " (" + request.getAuthType()
                        + ") that certgate did not decide for this request, such as one of a single sign-on");
            }
            request.setUserPrincipal(kept);
            if (kept == null) {
                forget(request);
            }
        }
        return super.findSecurityConstraints(request, context);
    }

    @Override
    public boolean hasResourcePermission(Request request, Response response, SecurityConstraint[] constraints,
                                         Context context) throws IOException {
        if (request.getPrincipal() instanceof CertGatePrincipal p && p.decision() != null) {
            RequestAttributes.attach(p.decision(), request::setAttribute);
        }
        return super.hasResourcePermission(request, response, constraints, context);
    }

    /*
     * A web application certgate leaves alone (one without CLIENT-CERT, such as Tomcat's manager with BASIC) keeps
     * the realm this one hides from it: the realm of the container above the one this realm is configured in (the
     * Host's or Engine's, such as the stock LockOutRealm). Without such a realm, it finds no one.
     */

    @Override
    public Principal authenticate(String username) {
        Realm other = hidden();
        return other == null ? null : other.authenticate(username);
    }

    @Override
    public Principal authenticate(String username, String credentials) {
        Realm other = hidden();
        return other == null ? null : other.authenticate(username, credentials);
    }

    @Override
    public Principal authenticate(String username, String digest, String nonce, String nc, String cnonce, String qop,
                                  String realmName, String digestA2, String algorithm) {
        Realm other = hidden();
        return other == null ? null
                : other.authenticate(username, digest, nonce, nc, cnonce, qop, realmName, digestA2, algorithm);
    }

    @Override
    public Principal authenticate(GSSContext gssContext, boolean storeCredential) {
        Realm other = hidden();
        return other == null ? null : other.authenticate(gssContext, storeCredential);
    }

    @Override
    public Principal authenticate(GSSName gssName, GSSCredential gssCredential) {
        Realm other = hidden();
        return other == null ? null : other.authenticate(gssName, gssCredential);
    }

    @Override
    public boolean hasRole(Wrapper wrapper, Principal principal, String role) {
        Realm other = hidden();
        return other == null ? super.hasRole(wrapper, principal, role) : other.hasRole(wrapper, principal, role);
    }

    /**
     * The realm a web application certgate does not serve would have without this one, for the request this thread
     * serves; null when the application is certgate's, or when there is none.
     */
    private Realm hidden() {
        Container where = container;
        Context context = where instanceof Context c ? c : Optional.ofNullable(current.get()).map(Request::getContext).orElse(null);
        if (where == null || context == null || gates.of(context).isPresent() || where.getParent() == null) {
            return null;
        }
        Realm other = where.getParent().getRealm();
        return other == this ? null : other;
    }

    /**
     * Serves the {@code CLIENT-CERT} web applications whose realm this is; leaves the others alone. Stops a
     * {@code CLIENT-CERT} application it would serve but cannot: nested in a {@link CombinedRealm} (such as
     * {@code LockOutRealm}), which does not pass on the calls that let it see the request, or displaced by another
     * realm in the container it was configured in (a container holds one realm).
     */
    private ContextGates.Scope scope(Context context) {
        LoginConfig login = context.getLoginConfig();
        // web.xml's spelling; HttpServletRequest.CLIENT_CERT_AUTH is the getAuthType() spelling, with an underscore
        if (login == null || !"CLIENT-CERT".equals(login.getAuthMethod())) {
            return ContextGates.Scope.LEAVES;
        }
        Realm realm = context.getRealm();
        if (realm == this) {
            return ContextGates.Scope.SERVES;
        }
        if (nests(realm)) {
            return ContextGates.Scope.misplaced("CertGateRealm is nested inside " + realm.getClass().getName()
                    + ", which does not hand it the requests it decides for; put <Realm className=\"" + getClass().getName()
                    + "\"/> directly inside the <Context> (META-INF/context.xml or conf/context.xml) or the <Host>, not inside another <Realm>");
        }
        Container where = container;
        if (where != null && where != context && where.getRealm() != this && (realm == where.getRealm())) {
            return ContextGates.Scope.misplaced("CertGateRealm in " + where + " was displaced by "
                    + realm.getClass().getName() + ": a container holds one realm; put CertGateRealm in a <Host> or in "
                    + "conf/context.xml, or replace the other realm");
        }
        return ContextGates.Scope.LEAVES;
    }

    private boolean nests(Realm realm) {
        if (realm instanceof CombinedRealm combined) {
            for (Realm nested : combined.getNestedRealms()) {
                if (nested == this || nests(nested)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected String getPassword(String username) {
        return null;
    }

    @Override
    protected Principal getPrincipal(String username) {
        return null;
    }

    private static Principal principal(Decision decision) {
        if (decision instanceof Decision.Authenticated a) {
            return new CertGatePrincipal(a);
        }
        Decision.Denied d = (Decision.Denied) decision;
        if (log.isDebugEnabled()) {
            log.debug("CertGateRealm: refused " + d.reason() + ": " + d.message());
        }
        return null;
    }

    private static void forget(Request request) {
        request.setAuthType(null);
        Session session = request.getSessionInternal(false);
        if (session != null) {
            session.setPrincipal(null);
            session.setAuthType(null);
        }
    }
}
