package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tomcat 11 and 10.1 binary distributions with their stock configuration and web applications, installed as
 * docs/tomcat.md says: the certgate zip unpacked into CATALINA_BASE, the HTTPS connector of the docs added to the stock
 * {@code server.xml}, one Realm element in {@code conf/context.xml} or in the stock {@code <Host>}; then WARs holding
 * only {@code web.xml}, a rules file and static pages, asked with real HTTPS requests, while the stock web
 * applications (ROOT, docs, examples, manager with its password login) keep working.
 */
class DistributionIT {
    static TestCertificate root;
    static TestCertificate alice;
    static TestCertificate bob;
    static Path work;

    @BeforeAll
    static void pki() throws IOException {
        root = TestCertificate.builder().subject("CN=certgate distribution root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        bob = TestCertificate.builder().subject("CN=bob,O=Example").clientAuth().signedBy(root).build();
        work = Files.createTempDirectory("certgate-distribution-");
    }

    @AfterAll
    static void clean() throws IOException {
        delete(work);
    }

    static List<Path> distributions() throws IOException {
        Path dir = Path.of(System.getProperty("certgate.tomcat.distributions"));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> homes = s.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-")).sorted().toList();
            assertEquals(2, homes.size(), "expected the Tomcat 11 and 10.1 distributions in " + dir + ": " + homes);
            return homes;
        }
    }

    @Test
    void theZipHoldsCertgateAndItsDependenciesAndNothingTomcatProvides() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(System.getProperty("certgate.tomcat.zip"))) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
        }
        assertTrue(names.stream().allMatch(n -> n.startsWith("lib/") && n.endsWith(".jar")), names.toString());
        for (String expected : List.of("lib/certgate-tomcat-", "lib/certgate-core-", "lib/bcprov-jdk18on-",
                "lib/bcpkix-jdk18on-", "lib/bcutil-jdk18on-", "lib/caffeine-")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(expected)), expected + " in " + names);
        }
        assertTrue(names.stream().noneMatch(n -> n.contains("tomcat-embed") || n.contains("servlet") || n.contains("annotations-api")),
                names.toString());
    }

    /** Where docs/tomcat.md lets the realm sit in a stock installation. */
    enum Placement { CONTEXT_XML, HOST }

    /** Each placement on one of the distributions: a stock Tomcat takes minutes to start on a busy machine. */
    static List<Arguments> installations() throws IOException {
        List<Path> homes = distributions();
        return List.of(Arguments.of(homes.get(0), Placement.HOST), Arguments.of(homes.get(1), Placement.CONTEXT_XML));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("installations")
    void theSameWarGetsClientCertificateAuthorization(Path home, Placement placement) throws Exception {
        Path base = Files.createDirectories(work.resolve(home.getFileName() + "-" + placement));
        int port = freePort();
        install(home, base, placement, port);
        try (Catalina tomcat = Catalina.start(home, base, port)) {
            HttpClient alices = TestTls.client(alice, root.certificate());
            HttpClient bobs = TestTls.client(bob, root.certificate());
            HttpClient nobody = TestTls.client(null, root.certificate());

            Http admin = Http.get(alices, tomcat.uri("/app/admin/index.html"));
            assertEquals(200, admin.status(), admin.body());
            assertEquals("<p>admins only</p>\n", admin.body());
            assertEquals(403, Http.get(bobs, tomcat.uri("/app/admin/index.html")).status());
            assertEquals(200, Http.get(bobs, tomcat.uri("/app/user/index.html")).status());
            Http refused = Http.get(nobody, tomcat.uri("/app/admin/index.html"));
            assertEquals(401, refused.status());
            assertTrue(!refused.body().contains("\tat ") && !refused.body().contains("Exception"), refused.body());
            assertEquals(200, Http.get(nobody, tomcat.uri("/app/index.html")).status());

            // Without the context-param the Realm's rules attribute applies: there bob is the admin.
            assertEquals(200, Http.get(bobs, tomcat.uri("/defaulted/admin/index.html")).status());
            assertEquals(403, Http.get(alices, tomcat.uri("/defaulted/admin/index.html")).status());

            // A broken rules file stops only its own web application, and the log says where.
            assertEquals(404, Http.get(alices, tomcat.uri("/broken/admin/index.html")).status());
            assertTrue(tomcat.output().matches("(?s).*broken/WEB-INF/certgate\\.rules:2:\\d+: .*"), tomcat.output());
            assertEquals(200, Http.get(alices, tomcat.uri("/app/admin/index.html")).status());

            // The stock web applications run, and the manager keeps its password login against the stock user database.
            for (String page : List.of("/", "/docs/", "/examples/", "/host-manager/html")) {
                int status = Http.get(nobody, tomcat.uri(page)).status();
                assertEquals(page.equals("/host-manager/html") ? 401 : 200, status, page + "\n" + tomcat.output());
            }
            assertEquals(401, Http.get(nobody, tomcat.uri("/manager/html")).status());
            Http manager = Http.get(nobody, tomcat.uri("/manager/html"), "Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertEquals(200, manager.status(), tomcat.output());
            assertTrue(manager.body().contains("/app"), "the manager lists the applications");
        }
    }

    /**
     * What docs/tomcat.md tells a user to do, to a stock CATALINA_BASE: its conf and web applications, the stock
     * server.xml with free ports, the HTTPS connector of the docs, a manager user.
     */
    private static void install(Path home, Path base, Placement placement, int httpsPort) throws IOException {
        for (String dir : List.of("conf", "lib", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        copy(home.resolve("conf"), base.resolve("conf"));
        copy(home.resolve("webapps"), base.resolve("webapps"));
        unzip(Path.of(System.getProperty("certgate.tomcat.zip")), base);

        TestTls.write(TestTls.keyStore(TestTls.localhost(root)), base.resolve("conf/server.p12"));
        TestTls.write(TestTls.trustStore(root.certificate()), base.resolve("conf/truststore.p12"));
        String https = """
                    <Connector port="%d" address="127.0.0.1" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true" scheme="https" secure="true">
                      <SSLHostConfig certificateVerification="optional" truststoreFile="conf/truststore.p12"
                                     truststorePassword="changeit" truststoreType="PKCS12">
                        <Certificate certificateKeystoreFile="conf/server.p12" certificateKeystorePassword="changeit"
                                     certificateKeystoreType="PKCS12"/>
                      </SSLHostConfig>
                    </Connector>
                """.formatted(httpsPort);
        Path serverXml = base.resolve("conf/server.xml");
        String stock = Files.readString(serverXml);
        String server = replaceOnce(stock, "<Server port=\"8005\"", "<Server port=\"-1\"");
        server = replaceOnce(server, "<Connector port=\"8080\"", "<Connector port=\"" + freePort() + "\" address=\"127.0.0.1\"");
        server = replaceOnce(server, "    <Engine name=\"Catalina\" defaultHost=\"localhost\">", https
                + "    <Engine name=\"Catalina\" defaultHost=\"localhost\">");
        Path users = base.resolve("conf/tomcat-users.xml");
        Files.writeString(users, replaceOnce(Files.readString(users), "</tomcat-users>",
                "  <user username=\"admin\" password=\"s3cret\" roles=\"manager-gui\"/>\n</tomcat-users>"));
        Path defaultRules = Files.writeString(base.resolve("conf/default.rules"), "role admin when subject.cn = \"bob\"\n");
        String realm = "<Realm className=\"io.certgate.tomcat.CertGateRealm\" rules=\"" + defaultRules.toAbsolutePath()
                + "\" revocation.mode=\"off\"/>";
        if (placement == Placement.CONTEXT_XML) {
            Path contextXml = base.resolve("conf/context.xml");
            Files.writeString(contextXml, replaceOnce(Files.readString(contextXml), "</Context>", "    " + realm + "\n</Context>"));
        } else {
            server = replaceOnce(server, "autoDeploy=\"true\">", "autoDeploy=\"true\">\n        " + realm);
        }
        Files.writeString(serverXml, server, StandardCharsets.UTF_8);

        String rules = "role admin when subject.cn = \"alice\" and issuer = \"CN=certgate distribution root\"\n"
                + "role user when subject.o = \"Example\"\n";
        war(base.resolve("webapps/app.war"), webXml(true), rules);
        war(base.resolve("webapps/defaulted.war"), webXml(false), null);
        war(base.resolve("webapps/broken.war"), webXml(true), "role admin when subject.cn = \"alice\"\nrole ops when = \n");
    }

    private static String webXml(boolean contextParam) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                  <security-constraint>
                    <web-resource-collection><web-resource-name>admin</web-resource-name><url-pattern>/admin/*</url-pattern></web-resource-collection>
                    <auth-constraint><role-name>admin</role-name></auth-constraint>
                  </security-constraint>
                  <security-constraint>
                    <web-resource-collection><web-resource-name>user</web-resource-name><url-pattern>/user/*</url-pattern></web-resource-collection>
                    <auth-constraint><role-name>user</role-name></auth-constraint>
                  </security-constraint>
                  <security-role><role-name>admin</role-name></security-role>
                  <security-role><role-name>user</role-name></security-role>
                  <login-config><auth-method>CLIENT-CERT</auth-method><realm-name>certgate</realm-name></login-config>
                </web-app>
                """.formatted(contextParam ? """
                  <context-param>
                    <param-name>certgate.rules</param-name>
                    <param-value>/WEB-INF/certgate.rules</param-value>
                  </context-param>""" : "");
    }

    private static void war(Path file, String webXml, String rules) throws IOException {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("WEB-INF/web.xml", webXml);
        if (rules != null) {
            entries.put("WEB-INF/certgate.rules", rules);
        }
        entries.put("index.html", "<p>public</p>\n");
        entries.put("admin/index.html", "<p>admins only</p>\n");
        entries.put("user/index.html", "<p>users only</p>\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        assertTrue(at >= 0 && text.indexOf(what, at + 1) < 0, "once in the stock file: " + what);
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : z.stream().toList()) {
                Path target = into.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code bin/catalina.sh run} in the foreground, ready once it logs its startup time. */
    private static final class Catalina implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final int port;

        private Catalina(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Catalina start(Path home, Path base, int port) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run")
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("CATALINA_HOME", home.toString());
            env.put("CATALINA_BASE", base.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.remove("JRE_HOME");
            env.remove("CATALINA_OPTS");
            env.remove("JAVA_OPTS");
            Catalina c = new Catalina(pb.start(), port);
            CompletableFuture<Void> started = new CompletableFuture<>();
            Thread reader = new Thread(() -> c.read(started), "catalina-output");
            reader.setDaemon(true);
            reader.start();
            try {
                started.get(300, TimeUnit.SECONDS); // a hang guard: the stock web applications deploy slowly on a busy machine
            } catch (Exception e) {
                c.close();
                throw new AssertionError("Tomcat did not start:\n" + c.output(), e);
            }
            return c;
        }

        private void read(CompletableFuture<Void> started) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.contains("Server startup in")) {
                        started.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            started.completeExceptionally(new IllegalStateException("catalina.sh exited"));
        }

        URI uri(String path) {
            return URI.create("https://localhost:" + port + path);
        }

        String output() {
            return String.join("\n", lines);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
