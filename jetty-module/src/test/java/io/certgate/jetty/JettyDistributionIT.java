package io.certgate.jetty;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The jetty-home distribution from Maven Central, a Jetty base made by running the install commands of
 * {@code docs/jetty.md} as written, certgate's archive, and a WAR with only {@code web.xml}, its rules and static
 * pages; real HTTPS requests with real client certificates.
 */
class JettyDistributionIT {
    static final Pattern CONNECTOR = Pattern.compile("Started \\S*ServerConnector@\\S+\\{SSL[^}]*\\}\\{[^}]*:(\\d+)\\}");
    static final Path HOME = Path.of(System.getProperty("certgate.jetty.home", "target/jetty-home"));
    static final Path ZIP = Path.of(System.getProperty("certgate.jetty.zip", "target/certgate-jetty.zip"));
    static final Path DOCS = Path.of(System.getProperty("certgate.docs", "../docs"));

    static TestCertificate root;
    static TestCertificate alice;
    static TestCertificate bob;
    static TestCertificate server;

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=Shop Root CA").ca(1).build();
        TestCertificate issuing = TestCertificate.builder().subject("CN=Shop Issuing CA").ca(0).signedBy(root).build();
        server = TestTls.localhost(root);
        alice = TestCertificate.builder().subject("CN=alice").clientAuth().signedBy(issuing).build();
        bob = TestCertificate.builder().subject("CN=bob").clientAuth().signedBy(issuing).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ee10", "ee11"})
    void aWarWithOnlyWebXmlIsProtectedByTheModule(String environment) throws Exception {
        Path base = Files.createDirectories(Path.of("target", "jetty-base-" + environment));
        clean(base);
        Files.createDirectories(base.resolve("etc"));
        TestTls.write(TestTls.keyStore(server), base.resolve("etc/server.p12"));
        TestTls.write(TestTls.trustStore(root.certificate()), base.resolve("etc/client-cas.p12"));

        String install = installCommands().replace("ee10-deploy", environment + "-deploy");
        run(base, install);
        assertTrue(Files.isRegularFile(base.resolve("modules/certgate.mod")));
        assertTrue(Files.isRegularFile(base.resolve("start.d/certgate.ini")), "the module's ini-template is installed");
        war(base.resolve("webapps/shop.war"));

        Process jetty = new ProcessBuilder(java(), "-jar", HOME.resolve("start.jar").toString(), "jetty.ssl.port=0")
                .directory(base.toFile()).redirectErrorStream(true).start();
        try {
            int port = awaitStarted(jetty);
            HttpClient asAlice = TestTls.client(alice, root.certificate());
            HttpClient asBob = TestTls.client(bob, root.certificate());
            HttpClient anonymous = TestTls.client(null, root.certificate());
            URI admin = URI.create("https://localhost:" + port + "/shop/admin/index.html");
            URI index = URI.create("https://localhost:" + port + "/shop/index.html");

            HttpResponse<String> ok = get(asAlice, admin);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("the admin page"), ok.body());
            assertEquals(403, get(asBob, admin).statusCode());
            assertEquals(403, get(anonymous, admin).statusCode());
            HttpResponse<String> open = get(anonymous, index);
            assertEquals(200, open.statusCode());
            assertTrue(open.body().contains("the public page"), open.body());
        } finally {
            jetty.destroy();
            if (!jetty.waitFor(30, TimeUnit.SECONDS)) {
                jetty.destroyForcibly();
            }
        }
    }

    /** The shell blocks of docs/jetty.md between the distribution-test markers. */
    static String installCommands() throws IOException {
        String doc = Files.readString(DOCS.resolve("jetty.md"));
        int begin = doc.indexOf("<!-- distribution-test:begin");
        int end = doc.indexOf("<!-- distribution-test:end");
        assertTrue(begin >= 0 && end > begin, "docs/jetty.md marks its install commands");
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(doc.substring(begin, end));
        while (m.find()) {
            out.append(m.group(1));
        }
        assertTrue(out.length() > 0, "install commands found");
        return out.toString();
    }

    static void run(Path base, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JETTY_HOME", HOME.toAbsolutePath().toString());
        env.put("JETTY_BASE", base.toAbsolutePath().toString());
        env.put("CERTGATE_ZIP", ZIP.toAbsolutePath().toString());
        env.put("PATH", Path.of(java()).getParent() + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the install commands of docs/jetty.md failed:\n" + output);
    }

    /** Waits for Jetty's "Started" line and returns the HTTPS port; fails with the output if Jetty exits first. */
    static int awaitStarted(Process jetty) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(jetty.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                lines.add("\u0000end");
            }
        }, "jetty-output");
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        Integer port = null;
        while (true) {
            String line = lines.poll(120, TimeUnit.SECONDS);
            if (line == null || line.equals("\u0000end")) {
                fail("Jetty did not start:\n" + String.join("\n", seen));
            }
            seen.add(line);
            Matcher m = CONNECTOR.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            if (line.contains("Started oejs.Server@") && port != null) {
                return port;
            }
            if (line.contains("FAILED") || line.contains("Failed startup")) {
                fail("Jetty failed to start:\n" + String.join("\n", seen));
            }
        }
    }

    /** A WAR with only web.xml, its certgate rules and static pages. */
    static void war(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, String> entries = Map.of(
                "WEB-INF/web.xml", TestWebApp.webXml(true, false),
                "WEB-INF/certgate.rules", """
                        principal = subject.cn
                        role admin when subject.cn = "alice" and issuer = "CN=Shop Issuing CA"
                        revocation.mode = off
                        """,
                "index.html", "<p>the public page</p>\n",
                "admin/index.html", "<p>the admin page</p>\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void clean(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
