package io.certgate.demo.container.jetty;

import io.certgate.core.config.ContainerSettings;
import io.certgate.demo.container.Container;
import io.certgate.demo.container.ServerConfig;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.file.Files;

/**
 * The WAR on embedded Jetty 12.1 (ee11), set up as docs/jetty.md "Embedded Jetty" describes: certgate's jars on
 * the class path, where Jetty's service loader finds its authenticator for {@code CLIENT-CERT}, and a
 * {@link ContainerSettings} bean on the server. Loaded by the demo in its own class loader (see
 * {@code ContainerKind}), which is the context class loader while Jetty starts and serves.
 */
public final class JettyContainer implements Container {
    private final Server server = new Server();
    private ServerConnector connector;

    @Override
    public String description() {
        return "Jetty " + Jetty.VERSION + " (ee11)";
    }

    @Override
    public void start(ServerConfig config) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JettyContainer.class.getClassLoader());
        try {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.keyStore().toString());
            ssl.setKeyStorePassword(config.password());
            ssl.setKeyStoreType("PKCS12");
            ssl.setTrustStorePath(config.trustStore().toString());
            ssl.setTrustStorePassword(config.password());
            ssl.setTrustStoreType("PKCS12");
            ssl.setNeedClientAuth(true);

            HttpConfiguration https = new HttpConfiguration();
            https.addCustomizer(new SecureRequestCustomizer());   // puts the client chain on each request
            https.setSendServerVersion(false);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            connector.setHost("127.0.0.1");
            connector.setPort(config.port());
            server.addConnector(connector);

            server.addBean(new ContainerSettings());   // defaults for every web application; the WAR's rules set their own

            WebAppContext app = new WebAppContext(config.war().toString(), "/");
            app.setTempDirectory(Files.createDirectories(config.workDir().resolve("jetty")).toFile());
            app.setThrowUnavailableOnStartupException(true);
            server.setHandler(app);
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly: " + e, e);
        }
    }
}
