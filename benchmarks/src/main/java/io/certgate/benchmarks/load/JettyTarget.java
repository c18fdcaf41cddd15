package io.certgate.benchmarks.load;

import io.certgate.benchmarks.JettyServers;
import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.jetty.CertGateAuthenticatorFactory;
import io.certgate.jetty.JettyGateAccess;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Embedded Jetty 12.1 (ee10) with certgate's authenticator, {@code CLIENT-CERT}. */
final class JettyTarget implements Target {
    private final Server server;
    private final ReloadingGate gate;

    private JettyTarget(Server server, ReloadingGate gate) {
        this.server = server;
        this.gate = gate;
    }

    static Target start(LoadPki pki, Path rules, Clock clock) throws Exception {
        Server server = new Server();
        ServerConnector connector = JettyServers.httpsConnector(server, pki.server(), pki.root(), false);
        // Clients pause between the steps of the run's clock, while the refreshes drain; keep their connections.
        connector.setIdleTimeout(300_000);

        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SECURITY);
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        context.setInitParameter("certgate.rules", rules.toString());
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.setAuthenticationType("CLIENT-CERT");
        security.setRealmName("certgate");
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec("/*");
        mapping.setConstraint(Constraint.from("user"));
        security.addConstraintMapping(mapping);
        ContainerSettings settings = new ContainerSettings();
        settings.setClock(clock);
        security.setAuthenticatorFactory(new CertGateAuthenticatorFactory(settings));
        server.setHandler(context);
        server.start();
        return new JettyTarget(server, JettyGateAccess.of(security.getAuthenticator()));
    }

    @Override
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public ReloadingGate gate() {
        return gate;
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("cannot stop Jetty", e);
        }
    }
}
