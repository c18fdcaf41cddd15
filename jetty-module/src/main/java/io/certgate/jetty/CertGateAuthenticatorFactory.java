package io.certgate.jetty;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.config.RulesLocation;
import io.certgate.core.config.UnverifiedChains;
import io.certgate.core.management.ObjectNames;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gives every web application whose {@code web.xml} declares {@code CLIENT-CERT} a {@link CertGateAuthenticator}
 * built from that application's own rules. Jetty finds this factory through {@link java.util.ServiceLoader} when
 * certgate's jars are on the server's class path; it takes the server-wide {@link ContainerSettings} bean that the
 * jetty-home module (or an embedding program) adds to the {@link Server}.
 *
 * <p>certgate serves a {@code CLIENT-CERT} web application when the server has a {@code ContainerSettings} bean or
 * the application sets the {@value RulesLocation#CONTEXT_PARAM} context-param; otherwise Jetty's own
 * authenticators are left to it. A web application whose rules cannot be loaded fails to start, with every error
 * as {@code FILE:LINE:COLUMN: message}; other web applications are not affected. So does one served by a TLS
 * connector that asks for client certificates but trusts all ({@link UnverifiedChains}).
 *
 * <p>Each web application's gate is published on JMX as {@code io.certgate:type=WebApplication,container=jetty,
 * component=authenticator,name="HOSTS/PATH"} (its virtual hosts, comma-separated, and its context path; the path
 * alone when it has no virtual hosts) while its security handler runs.
 */
public final class CertGateAuthenticatorFactory implements Authenticator.Factory {
    private static final System.Logger LOG = System.getLogger(CertGateAuthenticatorFactory.class.getName());

    private final ContainerSettings settings;

    /** A factory that reads the server's {@link ContainerSettings} bean, as Jetty's service loading makes it. */
    public CertGateAuthenticatorFactory() {
        this(null);
    }

    /**
     * A factory with explicit settings, for embedded servers that set it on a security handler with
     * {@code setAuthenticatorFactory}.
     */
    public CertGateAuthenticatorFactory(ContainerSettings settings) {
        this.settings = settings;
    }

    @Override
    public Authenticator getAuthenticator(Server server, Context context, Authenticator.Configuration configuration) {
        String type = configuration.getAuthenticationType();
        if (!Authenticator.CERT_AUTH.equalsIgnoreCase(type) && !Authenticator.CERT_AUTH2.equalsIgnoreCase(type)) {
            return null;
        }
        ContainerSettings effective = settings != null ? settings : server == null ? null : server.getBean(ContainerSettings.class);
        JettyWebApplication app = new JettyWebApplication(context);
        if (effective == null && app.initParameter(RulesLocation.CONTEXT_PARAM).isEmpty()) {
            return null;
        }
        try {
            ReloadingGate gate = ReloadingGate.forWebApplication(app, effective == null ? new ContainerSettings() : effective);
            Optional<String> unverified = UnverifiedChains.problem(app.name(), trustingAll(server), gate.validatesChainsItself());
            if (unverified.isPresent()) {
                gate.close();
                String message = "certgate: web application " + app.name() + " cannot start: " + unverified.get();
                LOG.log(System.Logger.Level.ERROR, message);
                throw new IllegalStateException(message);
            }
            LOG.log(System.Logger.Level.INFO, "certgate: " + app.name() + " uses the rules of " + gate.state().rules());
            publish(gate, context, configuration);
            return new CertGateAuthenticator(gate);
        } catch (RulesException e) {
            String message = "certgate: web application " + app.name() + " cannot start: "
                    + e.errors().stream().map(RulesError::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
            LOG.log(System.Logger.Level.ERROR, message);
            throw new IllegalStateException(message);
        }
    }

    /**
     * The server's TLS connectors that ask for client certificates and accept any ({@code trustAll}), described for
     * {@link UnverifiedChains#problem}.
     */
    static List<String> trustingAll(Server server) {
        List<String> out = new ArrayList<>();
        for (Connector connector : server == null ? new Connector[0] : server.getConnectors()) {
            SslConnectionFactory tls = connector.getConnectionFactory(SslConnectionFactory.class);
            SslContextFactory.Server ssl = tls == null ? null : tls.getSslContextFactory();
            if (ssl != null && ssl.isTrustAll() && (ssl.getNeedClientAuth() || ssl.getWantClientAuth())) {
                out.add(connector + " (SslContextFactory trustAll=true)");
            }
        }
        return out;
    }

    /**
     * Adds the gate's JMX bean to the security handler asking for the authenticator, which starts and stops it with
     * itself. A handler asks again when it starts after its authentication type was set anew (a web application
     * restarted, its {@code web.xml} read again): the bean of its earlier gate is removed first, so the two do not
     * claim one name, and its gate is closed. Without a Jetty container to follow, the gate is never closed.
     */
    private static void publish(ReloadingGate gate, Context context, Authenticator.Configuration configuration) {
        String hosts = context.getVirtualHosts() == null ? null : String.join(",", context.getVirtualHosts());
        GatePublication bean = new GatePublication(gate, ObjectNames.webApplication("jetty", "authenticator", hosts,
                context.getContextPath()));
        if (configuration instanceof ContainerLifeCycle handler) {
            for (GatePublication earlier : handler.getBeans(GatePublication.class)) {
                handler.removeBean(earlier);
                earlier.release();
            }
            handler.addBean(bean, true);
        } else {
            LOG.log(System.Logger.Level.WARNING, "certgate: " + bean.name() + " is not published on JMX: "
                    + configuration + " is not a Jetty container whose start and stop it could follow");
        }
    }
}
