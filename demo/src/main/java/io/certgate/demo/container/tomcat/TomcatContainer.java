package io.certgate.demo.container.tomcat;

import io.certgate.demo.container.Container;
import io.certgate.demo.container.ServerConfig;
import io.certgate.tomcat.CertGateRealm;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The WAR on embedded Tomcat 11, set up as docs/tomcat.md describes: an HTTPS connector with
 * {@code certificateVerification="required"}, and {@link CertGateRealm} on the web application's context (as
 * {@code <Realm className="io.certgate.tomcat.CertGateRealm"/>} in {@code conf/context.xml} would put it); the
 * WAR's {@code CLIENT-CERT} login-config gives it Tomcat's stock {@code SSLAuthenticator}. Loaded by the demo in
 * its own class loader (see {@code ContainerKind}), which becomes the web application's parent class loader.
 */
public final class TomcatContainer implements Container {
    private final Tomcat tomcat = new Tomcat();
    private Connector connector;

    @Override
    public String description() {
        return ServerInfo.getServerInfo().replace("Apache Tomcat/", "Tomcat ");
    }

    @Override
    public void start(ServerConfig config) throws Exception {
        Path base = Files.createDirectories(config.workDir().resolve("tomcat"));
        tomcat.setBaseDir(base.toString());
        tomcat.getServer().setParentClassLoader(TomcatContainer.class.getClassLoader());
        tomcat.getHost().setAppBase(Files.createDirectories(base.resolve("webapps")).toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.setAddDefaultWebXmlToWebapp(false);   // conf/web.xml's JSP servlet needs Jasper, which the demo leaves out

        connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(config.port());
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        connector.setProperty("address", "127.0.0.1");
        SSLHostConfig host = new SSLHostConfig();
        host.setCertificateVerification("required");
        host.setTruststoreFile(config.trustStore().toString());
        host.setTruststorePassword(config.password());
        host.setTruststoreType("PKCS12");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(config.keyStore().toString());
        certificate.setCertificateKeystorePassword(config.password());
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Context context = tomcat.addWebapp("", config.war().toString());
        context.setRealm(new CertGateRealm());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);   // the WAR has no jars; the container's own need no scanning
        context.setJarScanner(scanner);

        try {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the web application did not start (state " + context.getState() + ")");
            }
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                throw new IllegalStateException("the HTTPS connector did not start on port " + config.port());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly: " + e, e);
        }
    }
}
