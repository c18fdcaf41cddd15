package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import io.certgate.tomcat.CertGateRealm;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Realm;
import org.apache.catalina.UserDatabase;
import org.apache.catalina.User;
import org.apache.catalina.authenticator.SSLAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.realm.UserDatabaseRealm;
import org.apache.catalina.realm.X509SubjectDnRetriever;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.users.MemoryUserDatabase;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Two ways to protect the same servlet with {@code CLIENT-CERT} on embedded Tomcat 11, for side-by-side load runs:
 * {@link CertGateRealm}, or Tomcat's stock {@link UserDatabaseRealm} over a {@link MemoryUserDatabase} that lists
 * the client's subject DN (optionally with Tomcat's own OCSP checking, {@code ocspEnabled} on the
 * {@link SSLHostConfig}). Everything else is the same: one NIO connector with JSSE on 127.0.0.1 that requires a
 * client certificate, the stock {@link SSLAuthenticator}, one constraint on {@code /*} for
 * {@link MutualTlsRig#ROLE}, no HTTP sessions (so every request is authenticated by the realm).
 */
public final class TomcatServers {
    /**
     * Tomcat and the realm log their start and stop at INFO on the console, between JMH's lines; warnings still
     * show. Held strongly: {@code java.util.logging} keeps only weak references to configured loggers.
     */
    private static final List<Logger> QUIET = List.of(quiet("org.apache.catalina"), quiet("org.apache.coyote"),
            quiet("org.apache.tomcat"), quiet("io.certgate.tomcat"));

    private TomcatServers() {
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** A started Tomcat and its temporary base folder. */
    static final class Running implements AutoCloseable {
        private final Tomcat tomcat;
        private final Path base;

        private Running(Tomcat tomcat, Path base) {
            this.tomcat = tomcat;
            this.base = base;
        }

        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        public void close() throws LifecycleException, IOException {
            try {
                tomcat.stop();
                tomcat.destroy();
            } finally {
                try (Stream<Path> files = Files.walk(base)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /**
     * Adds Tomcat's HTTPS connector on a free port of 127.0.0.1, requiring client certificates trusted by
     * {@code clientRoot}, and keeping connections alive without a request limit.
     *
     * @param tomcatOcsp whether Tomcat checks client chains itself with OCSP ({@code ocspEnabled})
     */
    public static Connector httpsConnector(Tomcat tomcat, TestCertificate serverCert, TestCertificate clientRoot,
                                           boolean tomcatOcsp) throws Exception {
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setCertificateVerification("required");
        ssl.setTrustStore(TestTls.trustStore(clientRoot.certificate()));
        // With JSSE (Tomcat 11.0.27's SSLUtilBase.getParameters), this adds the JDK's PKIXRevocationChecker.
        ssl.setOcspEnabled(tomcatOcsp);
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(TestTls.keyStore(serverCert));
        certificate.setCertificateKeystorePassword(TestTls.PASSWORD);
        ssl.addCertificate(certificate);
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(0);
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        connector.setProperty("address", "127.0.0.1");
        // Tomcat closes a connection after 100 requests by default; Jetty does not, and the clients keep theirs.
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.addSslHostConfig(ssl);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        return connector;
    }

    /**
     * Starts a server on a free port that requires client certificates trusted by {@code clientRoot}.
     *
     * @param rules      the certgate rules, or null for the stock UserDatabaseRealm
     * @param tomcatOcsp whether Tomcat checks client chains itself with OCSP ({@code ocspEnabled}; stock realm only)
     * @param client     the certificate whose subject DN the user database lists, with the role
     */
    static Running start(TestCertificate serverCert, TestCertificate clientRoot, String rules, boolean tomcatOcsp,
                         TestCertificate client) throws Exception {
        Path base = Files.createTempDirectory("certgate-bench-tomcat");
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        httpsConnector(tomcat, serverCert, clientRoot, tomcatOcsp);

        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak checks for redeployment, run at stop; on Java 17 they only warn that they need --add-opens.
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "hello", new MutualTlsRig.Hello());
        context.addServletMapping("/*", "hello");
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("CLIENT-CERT");
        login.setRealmName("certgate");
        context.setLoginConfig(login);
        // Contexts added by Tomcat.addContext get no authenticator from the login config; add the stock one.
        context.getPipeline().addValve(new SSLAuthenticator());
        SecurityCollection everything = new SecurityCollection();
        everything.addPattern("/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole(MutualTlsRig.ROLE);
        constraint.addCollection(everything);
        context.addConstraint(constraint);
        context.addSecurityRole(MutualTlsRig.ROLE);
        context.setRealm(rules != null ? certgate(Files.writeString(base.resolve("certgate.rules"), rules))
                : userDatabase(client));

        tomcat.start();
        if (!context.getState().isAvailable()) {
            new Running(tomcat, base).close();
            throw new IllegalStateException("the web application did not start: " + context.getState());
        }
        return new Running(tomcat, base);
    }

    private static Realm certgate(Path rules) {
        CertGateRealm realm = new CertGateRealm();
        realm.setRules(rules.toString());
        return realm;
    }

    private static Realm userDatabase(TestCertificate client) {
        MemoryUserDatabase users = new MemoryUserDatabase("bench");
        User user = users.createUser(stockUserName(client), "", null);
        user.addRole(users.createRole(MutualTlsRig.ROLE, null));
        return new PresetUserDatabaseRealm(users);
    }

    /**
     * The user name Tomcat's realms look a client certificate up by: that of the default
     * {@code X509UsernameRetriever}, {@link X509SubjectDnRetriever}, which in Tomcat 11 is
     * {@code getSubjectX500Principal().toString()} ({@code CN=alice, O=bench}).
     */
    static String stockUserName(TestCertificate client) {
        return new X509SubjectDnRetriever().getUsername(client.certificate());
    }

    /**
     * Tomcat's {@link UserDatabaseRealm} given its database directly instead of through a global JNDI resource
     * (the {@code resourceName} of {@code server.xml}), so the server runs without naming. Only the lookup of the
     * database at start differs; authentication, principals and role checks are the stock realm's own.
     */
    private static final class PresetUserDatabaseRealm extends UserDatabaseRealm {
        PresetUserDatabaseRealm(UserDatabase database) {
            this.database = database;
        }
    }
}
