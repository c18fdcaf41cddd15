package io.certgate.tomcat;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.Decision;
import io.certgate.core.RequestAttributes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Container;
import org.apache.catalina.Globals;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides with certgate for every request of the web applications below it, attaches the decision as request
 * attributes ({@link RequestAttributes}) and, with {@code requiredRole}, refuses the request without
 * {@code web.xml} security: 401 when certgate refuses the certificate (or there is none), 403 when the client
 * lacks the role.
 *
 * <pre>{@code
 * <Host name="internal.example.org" ...>
 *   <Valve className="io.certgate.tomcat.CertGateValve" requiredRole="staff" rules="/etc/certgate/internal.rules"/>
 * </Host>
 * }</pre>
 *
 * <p>Rules and settings are found as for {@link CertGateRealm}: each web application's {@code certgate.rules}
 * context-param, else the {@code rules} attribute; other attributes are settings of the rules file by name. As for the
 * realm, a certificate Tomcat did not verify (from {@code SSLValve}'s request header or an AJP connector) is refused
 * with the reason {@code FORWARDED_CERTIFICATE} unless {@code trustForwardedCertificates="true"}.
 */
public final class CertGateValve extends ValveBase {
    private final ContainerSettings settings = new ContainerSettings();
    private final ContextGates gates = new ContextGates("CertGateValve", "valve", settings, c -> ContextGates.Scope.SERVES);
    private final CertificateOrigin origin = new CertificateOrigin("CertGateValve");
    private volatile String requiredRole;

    public CertGateValve() {
        super(true);
    }

    /** The rules of web applications without a {@code certgate.rules} context-param: an absolute path or file: URL. */
    public void setRules(String location) {
        settings.setRules(location);
    }

    public String getRules() {
        return settings.getRules();
    }

    /**
     * The role every request needs, or {@code *} for any client certgate authenticates; unset (the default), the
     * valve refuses nothing and only attaches the decision.
     */
    public void setRequiredRole(String role) {
        this.requiredRole = role == null || role.isBlank() ? null : role.strip();
    }

    public String getRequiredRole() {
        return requiredRole;
    }

    /**
     * Sets a setting of the rules file by its own name; see {@link CertGateRealm#setProperty}.
     *
     * @return whether {@code name} is a setting
     */
    public boolean setProperty(String name, String value) {
        return settings.set(name, value);
    }

    /** The value of a setting given as an attribute, or null. */
    public String getProperty(String name) {
        return settings.get(name);
    }

    /** Whether client certificates Tomcat did not verify are accepted; see {@link CertGateRealm#setTrustForwardedCertificates}. */
    public void setTrustForwardedCertificates(String value) {
        origin.setTrustForwarded(value);
    }

    public String getTrustForwardedCertificates() {
        return origin.getTrustForwarded();
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

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Optional<ReloadingGate> gate = gates.of(request.getContext());
        String role = requiredRole;
        if (gate.isEmpty()) {
            // Only a web application that is not running has none; Tomcat answers for it.
            if (role != null && request.getContext() != null) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            getNext().invoke(request, response);
            return;
        }
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute(Globals.CERTIFICATES_ATTR);
        Decision decision = origin.decide(request, chain, gate.get());
        RequestAttributes.attach(decision, request::setAttribute);
        if (role != null) {
            if (!(decision instanceof Decision.Authenticated a)) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            if (!role.equals("*") && !a.roles().contains(role)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        }
        getNext().invoke(request, response);
    }
}
