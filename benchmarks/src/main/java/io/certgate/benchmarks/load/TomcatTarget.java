package io.certgate.benchmarks.load;

import io.certgate.benchmarks.TomcatServers;
import io.certgate.core.config.ReloadingGate;
import io.certgate.tomcat.CertGateRealm;
import io.certgate.tomcat.TomcatGateAccess;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.authenticator.SSLAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Embedded Tomcat 11 with {@link CertGateRealm}, {@code CLIENT-CERT}, one NIO connector with JSSE, no sessions. */
final class TomcatTarget implements Target {
    /** Tomcat logs its start and stop at INFO; warnings still show. Held strongly, as java.util.logging keeps weak ones. */
    private static final List<Logger> QUIET = List.of(quiet("org.apache.catalina"), quiet("org.apache.coyote"),
            quiet("org.apache.tomcat"));

    private final Tomcat tomcat;
    private final Path base;
    private final ReloadingGate gate;

    private TomcatTarget(Tomcat tomcat, Path base, ReloadingGate gate) {
        this.tomcat = tomcat;
        this.base = base;
        this.gate = gate;
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    static Target start(LoadPki pki, Path rules, Clock clock) throws Exception {
        Path base = Files.createTempDirectory("certgate-load-tomcat");
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = TomcatServers.httpsConnector(tomcat, pki.server(), pki.root(), false);
        // Clients pause between the steps of the run's clock, while the refreshes drain; keep their connections.
        connector.setProperty("keepAliveTimeout", "300000");

        StandardContext context = (StandardContext) tomcat.addContext("", null);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        context.addParameter("certgate.rules", rules.toString());
        Tomcat.addServlet(context, "echo", new EchoServlet());
        context.addServletMapping("/*", "echo");
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("CLIENT-CERT");
        login.setRealmName("certgate");
        context.setLoginConfig(login);
        context.getPipeline().addValve(new SSLAuthenticator());
        SecurityCollection everything = new SecurityCollection();
        everything.addPattern("/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("user");
        constraint.addCollection(everything);
        context.addConstraint(constraint);
        context.addSecurityRole("user");
        CertGateRealm realm = new CertGateRealm();
        realm.setClock(clock);
        context.setRealm(realm);
        tomcat.start();
        if (!context.getState().isAvailable()) {
            new TomcatTarget(tomcat, base, null).close();
            throw new IllegalStateException("the web application did not start: " + context.getState());
        }
        return new TomcatTarget(tomcat, base, TomcatGateAccess.of(realm, context));
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public ReloadingGate gate() {
        return gate;
    }

    @Override
    public void close() throws IOException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IOException("cannot stop Tomcat", e);
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
