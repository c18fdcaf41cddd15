package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import io.certgate.jetty.CertGateAuthenticatorFactory;
import io.certgate.core.config.ContainerSettings;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.SslClientCertAuthenticator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two ways to protect the same servlet with {@code CLIENT-CERT} on embedded Jetty, for side-by-side load runs:
 * certgate, or Jetty's stock {@link SslClientCertAuthenticator} with a {@link HashLoginService} that lists the
 * client's subject DN (optionally with Jetty's own OCSP checking, {@code setEnableOCSP(true)}).
 */
public final class JettyServers {
    private JettyServers() {
    }

    /**
     * Starts a server on a free port that needs client certificates trusted by {@code clientRoot}.
     *
     * @param rules the certgate rules, or null for Jetty's stock authenticator and a HashLoginService
     * @param jettyOcsp whether Jetty validates client chains itself with OCSP (stock authenticator only)
     * @param client the certificate whose subject DN the HashLoginService lists
     */
    static Server start(TestCertificate serverCert, TestCertificate clientRoot, String rules, boolean jettyOcsp,
            TestCertificate client) throws Exception {
        Server server = new Server();
        ServerConnector connector = httpsConnector(server, serverCert, clientRoot, jettyOcsp);

        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SECURITY);
        context.addServlet(new ServletHolder(new MutualTlsRig.Hello()), "/*");
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.setAuthenticationType("CLIENT-CERT");
        security.setRealmName("certgate");
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec("/*");
        mapping.setConstraint(Constraint.from(MutualTlsRig.ROLE));
        security.addConstraintMapping(mapping);
        if (rules != null) {
            // in a folder of its own: certgate refuses rules in a folder every user may write, such as /tmp
            Path folder = Files.createTempDirectory("certgate-bench");
            folder.toFile().deleteOnExit();
            Path file = Files.writeString(folder.resolve("bench.rules"), rules);
            file.toFile().deleteOnExit();
            context.setInitParameter("certgate.rules", file.toString());
            security.setAuthenticatorFactory(new CertGateAuthenticatorFactory(new ContainerSettings()));
        } else {
            // The handshake has verified the chain (with OCSP when asked); like certgate, the stock authenticator
            // then only maps it to a user instead of validating it a second time per request.
            SslClientCertAuthenticator stock = new SslClientCertAuthenticator(
                    connector.getConnectionFactory(SslConnectionFactory.class).getSslContextFactory());
            stock.setValidateCerts(false);
            security.setAuthenticator(stock);
            UserStore users = new UserStore();
            users.addUser(stockUserName(client), Credential.getCredential(""), new String[] {MutualTlsRig.ROLE});
            HashLoginService login = new HashLoginService("certgate");
            login.setUserStore(users);
            security.setLoginService(login);
        }
        server.setHandler(context);
        server.start();
        return server;
    }

    /** The user name Jetty's stock authenticator looks up: the legacy string form of the subject DN. */
    @SuppressWarnings("deprecation")
    /**
     * Adds an HTTPS connector on a free port of 127.0.0.1 that requires client certificates trusted by
     * {@code clientRoot}, with Jetty's {@code SecureRequestCustomizer}.
     *
     * @param jettyOcsp whether Jetty validates client chains itself with OCSP
     */
    public static ServerConnector httpsConnector(Server server, TestCertificate serverCert, TestCertificate clientRoot,
                                                 boolean jettyOcsp) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(TestTls.keyStore(serverCert));
        ssl.setKeyStorePassword(TestTls.PASSWORD);
        ssl.setTrustStore(TestTls.trustStore(clientRoot.certificate()));
        ssl.setNeedClientAuth(true);
        if (jettyOcsp) {
            ssl.setValidatePeerCerts(true);
            ssl.setEnableOCSP(true);
        }
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        return connector;
    }

    static String stockUserName(TestCertificate client) {
        return client.certificate().getSubjectDN().getName();
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
