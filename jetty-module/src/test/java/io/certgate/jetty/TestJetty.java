package io.certgate.jetty;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An embedded Jetty 12 server with one HTTPS connector on port 0 that wants (or needs) client certificates
 * trusted by the given anchors, serving unpacked ee10 web applications, with certgate found the way the
 * jetty-home module sets it up: certgate on the class path and a {@link ContainerSettings} bean on the server.
 */
final class TestJetty implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;
    private final SslContextFactory.Server ssl;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final Map<String, WebAppContext> apps = new LinkedHashMap<>();

    TestJetty(TestCertificate serverCertificate, boolean needClientAuth, ContainerSettings settings, X509Certificate... trusted) {
        ssl = new SslContextFactory.Server();
        ssl.setKeyStore(TestTls.keyStore(serverCertificate));
        ssl.setKeyStorePassword(TestTls.PASSWORD);
        ssl.setTrustStore(TestTls.trustStore(trusted));
        if (needClientAuth) {
            ssl.setNeedClientAuth(true);
        } else {
            ssl.setWantClientAuth(true);
        }
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer());
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(contexts);
        if (settings != null) {
            server.addBean(settings);
        }
    }

    /** Makes the connector accept any client certificate, verified or not; call before {@link #start()}. */
    TestJetty trustAll() {
        ssl.setTrustAll(true);
        return this;
    }

    /** Adds an unpacked web application at a context path; call before {@link #start()}. */
    TestJetty webApp(String contextPath, Path dir) {
        return webApp(contextPath, dir, new String[0]);
    }

    /**
     * Adds an unpacked web application at a context path that serves only the given virtual hosts; {@link #app}
     * finds it as {@code HOST/PATH} by its first host. Call before {@link #start()}.
     */
    TestJetty webApp(String contextPath, Path dir, String... virtualHosts) {
        WebAppContext app = new WebAppContext(dir.toString(), contextPath);
        app.setThrowUnavailableOnStartupException(false);
        app.setVirtualHosts(java.util.List.of(virtualHosts));
        contexts.addHandler(app);
        apps.put(virtualHosts.length == 0 ? contextPath : virtualHosts[0] + contextPath, app);
        return this;
    }

    TestJetty start() throws Exception {
        server.start();
        return this;
    }

    /** The web application at a context path (or {@code HOST/PATH} for one with virtual hosts). */
    WebAppContext app(String contextPath) {
        return apps.get(contextPath);
    }

    URI uri(String path) {
        return URI.create("https://localhost:" + connector.getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
