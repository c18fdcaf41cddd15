package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded Tomcat with one HTTPS connector on a free port that asks for client certificates
 * ({@code certificateVerification="optional"}) and trusts the given anchors; web applications are added as
 * folders (see {@link TestWebApp}), so Tomcat reads their {@code web.xml} and {@code META-INF/context.xml}.
 */
final class EmbeddedTomcat implements AutoCloseable {
    private final Tomcat tomcat = new Tomcat();
    private final Path base;
    private final Connector connector;
    private Connector plain;
    private Connector ajp;
    private final SSLHostConfig host;

    EmbeddedTomcat(TestCertificate serverCertificate, X509Certificate... trustedClientIssuers) {
        try {
            base = Files.createTempDirectory("certgate-tomcat-");
            tomcat.setBaseDir(base.toString());
            tomcat.setAddDefaultWebXmlToWebapp(false);
            tomcat.getHost().setAutoDeploy(false);
            tomcat.getHost().setAppBase(base.resolve("webapps").toString());
            Files.createDirectories(base.resolve("webapps"));
            Path keyStore = TestTls.write(TestTls.keyStore(serverCertificate), base.resolve("server.p12"));
            Path trustStore = TestTls.write(TestTls.trustStore(trustedClientIssuers), base.resolve("trust.p12"));
            connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
            connector.setPort(0);
            connector.setSecure(true);
            connector.setScheme("https");
            connector.setProperty("SSLEnabled", "true");
            connector.setProperty("address", "127.0.0.1");
            host = new SSLHostConfig();
            host.setCertificateVerification("optional");
            host.setTruststoreFile(trustStore.toString());
            host.setTruststorePassword(TestTls.PASSWORD);
            host.setTruststoreType("PKCS12");
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(keyStore.toString());
            certificate.setCertificateKeystorePassword(TestTls.PASSWORD);
            certificate.setCertificateKeystoreType("PKCS12");
            certificate.setCertificateKeyAlias("key");
            host.addCertificate(certificate);
            connector.addSslHostConfig(host);
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Tomcat tomcat() {
        return tomcat;
    }

    /**
     * Adds a plain-HTTP connector on a free port and Tomcat's {@code SSLValve} to the Engine, as a deployment behind
     * a front end that ends TLS would; call before {@link #start()}. The valve then reads the {@code ssl_client_cert}
     * header on both connectors.
     */
    EmbeddedTomcat withPlainHttpAndSslValve() {
        plain = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        plain.setPort(0);
        plain.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(plain);
        tomcat.getEngine().getPipeline().addValve(new org.apache.catalina.valves.SSLValve());
        return this;
    }

    /** Sets the HTTPS connector's {@code certificateVerification} (default {@code optional}); call before {@link #start()}. */
    EmbeddedTomcat withCertificateVerification(String verification) {
        host.setCertificateVerification(verification);
        return this;
    }

    /**
     * Adds an AJP connector on a free loopback port that needs no secret, as behind a front end on the same
     * machine; call before {@link #start()}.
     */
    EmbeddedTomcat withAjp() {
        ajp = new Connector("org.apache.coyote.ajp.AjpNioProtocol");
        ajp.setPort(0);
        ajp.setProperty("address", "127.0.0.1");
        ajp.setProperty("secretRequired", "false");
        tomcat.getService().addConnector(ajp);
        return this;
    }

    /** The port of the AJP connector of {@link #withAjp()}. */
    int ajpPort() {
        return ajp.getLocalPort();
    }

    /** The URI of {@code path} on the plain-HTTP connector of {@link #withPlainHttpAndSslValve()}. */
    URI plainUri(String path) {
        return URI.create("http://localhost:" + plain.getLocalPort() + path);
    }

    /** Writes the web application under the base folder and adds it at {@code path} (such as {@code /app}). */
    Context add(String path, TestWebApp app) {
        Path dir = app.writeTo(base.resolve("apps").resolve(path.substring(1)));
        return tomcat.addWebapp(path, dir.toString());
    }

    EmbeddedTomcat start() {
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    URI uri(String path) {
        return URI.create("https://localhost:" + connector.getLocalPort() + path);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
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
