package io.certgate.demo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The demo command end to end, as README tells a user to run it: {@code java -jar target/certgate-demo.jar}, once
 * on Jetty and once, with {@code --serve}, on Tomcat. The table must show the outcomes of issue 6's "done when",
 * the same on both containers; while the Tomcat run serves, the files it printed must let a client in, and it
 * must stop cleanly when the JVM is asked to terminate (as Ctrl-C does).
 */
class DemoIT {
    static final Path JAR = Path.of(System.getProperty("certgate.demo.jar", "target/certgate-demo.jar"));
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /** The project's folder (the module's parent), where README's commands run. */
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    /** One line of the demo's table. */
    record Row(String client, String request, String status, String principal, String roles) {
    }

    /** What a run of the demo printed, and how it ended. */
    record Run(int exitStatus, List<String> output, Map<String, Row> rows) {
        Row row(String client, String request) {
            Row row = rows.get(client + " " + request);
            if (row == null) {
                fail("no row for " + client + " " + request + " in:\n" + String.join("\n", output));
            }
            return row;
        }

        String text() {
            return String.join("\n", output);
        }
    }

    static final Pattern BASE = Pattern.compile(" at (https://localhost:\\d+)/$");

    static Run jetty;
    static Run tomcat;
    static int tomcatAdminWhileServing;
    /** The command lines of docs/getting-started.md, run while the Tomcat demo served, with what they printed. */
    static final Map<String, Run> cliWhileServing = new LinkedHashMap<>();

    @BeforeAll
    static void runTheDemoOnBothContainers() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the demo jar at " + JAR.toAbsolutePath() + " (mvn package builds it)");
        jetty = run(List.of());
        tomcat = runServingThenTerminate(List.of("--container", "tomcat"));
    }

    @Test
    void onJettyEveryClientGetsWhatTheRulesSay() {
        assertEquals(0, jetty.exitStatus(), jetty.text());
        assertTrue(jetty.text().contains(" on Jetty 12.1."), jetty.text());
        assertDoneWhenOutcomes(jetty);
        assertEquals("403", jetty.row("revoked", "GET /whoami").status(), "Jetty's standard CLIENT-CERT refusal");
    }

    @Test
    void onTomcatEveryClientGetsWhatTheRulesSay() {
        assertTrue(tomcat.text().contains(" on Tomcat 11."), tomcat.text());
        assertDoneWhenOutcomes(tomcat);
        assertEquals("401", tomcat.row("revoked", "GET /whoami").status(), "Tomcat's SSLAuthenticator refusal");
    }

    @Test
    void bothContainersGiveTheSameOutcomes() {
        assertEquals(jetty.rows().keySet(), tomcat.rows().keySet());
        for (String key : jetty.rows().keySet()) {
            assertEquals(outcome(jetty.rows().get(key)), outcome(tomcat.rows().get(key)), key);
        }
    }

    @Test
    void withServeTheDemoKeepsServingWithThePrintedFilesAndStopsOnTermination() {
        assertEquals(200, tomcatAdminWhileServing, "the admin's PKCS#12 file and ca.pem, while the demo serves");
        assertTrue(tomcat.text().contains("Serving until Ctrl-C."), tomcat.text());
        assertTrue(tomcat.output().get(tomcat.output().size() - 1).equals("Stopped."), tomcat.text());
        assertEquals(143, tomcat.exitStatus(), "ended by SIGTERM after the shutdown hook ran");
    }

    @Test
    void theDemoPrintsACurlCommandForEachClientWithFilesThatExist() {
        List<String> curls = jetty.output().stream().filter(l -> l.startsWith("  curl ")).toList();
        assertEquals(5, curls.size(), jetty.text());
        Pattern files = Pattern.compile("--cacert (\\S+) --cert (\\S+) --key (\\S+) https://localhost:\\d+/\\S*");
        for (String curl : curls) {
            Matcher m = files.matcher(curl);
            assertTrue(m.find(), curl);
            for (int i = 1; i <= 3; i++) {
                assertTrue(Files.isRegularFile(PROJECT.resolve(m.group(i))), m.group(i));
            }
        }
    }

    @Test
    void badUsageExitsWithTwoAndAPortInUseWithOne() throws Exception {
        Run usage = run(List.of("--container", "glassfish"));
        assertEquals(2, usage.exitStatus(), usage.text());
        assertTrue(usage.text().contains("certgate-demo: --container must be jetty or tomcat, not 'glassfish'"), usage.text());
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run busy = run(List.of("--port", Integer.toString(taken.getLocalPort())));
            assertEquals(1, busy.exitStatus(), busy.text());
            assertTrue(busy.text().contains("certgate-demo: the port " + taken.getLocalPort() + " is in use"), busy.text());
        }
    }

    @Test
    void gettingStartedShowsTheRealCommandTableCurlCommandAndRules() throws IOException {
        GettingStarted doc = GettingStarted.read();
        String readme = Files.readString(PROJECT.resolve("README.md"));
        assertTrue(readme.contains("```\n" + doc.block(0) + "```"), "getting-started.md's demo command is README's");
        assertTrue(doc.block(0).strip().endsWith("java -jar demo/target/certgate-demo.jar"), doc.block(0));

        List<String> shown = doc.block(1).lines().toList();
        Map<String, Row> shownRows = table(shown);
        assertEquals(jetty.rows(), shownRows, "the table in getting-started.md is what the demo prints on Jetty");
        List<String> printed = jetty.output();
        assertEquals(withoutPorts(printed.subList(0, 5)), withoutPorts(shown.subList(0, 5)), "the demo's banner");
        assertTrue(withoutPorts(printed).containsAll(withoutPorts(shown.subList(shownRows.size() + 7, shown.size()))),
                "the lines after the table: " + shown);

        String curl = doc.block(2).strip();
        assertTrue(withoutPorts(printed).contains("  " + curl.replace(":8443/", ":PORT/")),
                "the demo prints the curl command of getting-started.md: " + curl);

        String rules = Files.readString(PROJECT.resolve("sample-app/src/main/webapp/WEB-INF/certgate.rules"));
        assertEquals(rules, doc.block(4), "the rules shown are the sample application's file");
    }

    @Test
    void gettingStartedsCommandLinesWorkAgainstTheDemoAsShown() {
        List<String> commands = GettingStarted.read().cliCommands();
        assertEquals(2, commands.size(), commands.toString());
        Run explain = cliWhileServing.get(commands.get(0));
        assertEquals(0, explain.exitStatus(), explain.text());
        assertTrue(explain.text().contains("payments"), explain.text());
        Run revocation = cliWhileServing.get(commands.get(1));
        assertEquals(1, revocation.exitStatus(), "REVOKED, from the demo's responder: " + revocation.text());
        assertTrue(revocation.text().contains("REVOKED"), revocation.text());
    }

    static List<String> withoutPorts(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(":\\d{2,5}/", ":PORT/")).toList();
    }

    /** docs/getting-started.md's fenced blocks, in order. */
    record GettingStarted(List<String> blocks) {
        static GettingStarted read() {
            try {
                List<String> blocks = new ArrayList<>();
                StringBuilder block = null;
                for (String line : Files.readAllLines(PROJECT.resolve("docs/getting-started.md"))) {
                    if (line.startsWith("```")) {
                        if (block == null) {
                            block = new StringBuilder();
                        } else {
                            blocks.add(block.toString());
                            block = null;
                        }
                    } else if (block != null) {
                        block.append(line).append('\n');
                    }
                }
                return new GettingStarted(List.copyOf(blocks));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        String block(int index) {
            return blocks.get(index);
        }

        List<String> cliCommands() {
            return block(3).lines().filter(l -> l.startsWith("java -jar core/target/certgate-cli.jar ")).toList();
        }
    }

    /** Runs a documented command line (words separated by spaces, no quoting) in the project's folder. */
    static Run runFromProjectRoot(String commandLine) throws Exception {
        List<String> words = new ArrayList<>(List.of(commandLine.split(" ")));
        words.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = new ProcessBuilder(words).directory(PROJECT.toFile()).redirectErrorStream(true).start();
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> read(process.getInputStream(), printed, null));
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(commandLine + " did not end within " + RUN_TIMEOUT);
        }
        reading.get(30, TimeUnit.SECONDS);
        return new Run(process.exitValue(), List.copyOf(printed), Map.of());
    }

    static void assertDoneWhenOutcomes(Run run) {
        assertTrue(run.text().contains("All 9 requests were answered as expected."), run.text());
        expect(run, "admin", "GET /whoami", "200", "ada@demo.certgate.io", "admin, reader");
        expect(run, "admin", "GET /admin/", "200", "ada@demo.certgate.io", "admin, reader");
        expect(run, "admin", "GET /api/", "200", "ada@demo.certgate.io", "admin, reader");
        expect(run, "reader", "GET /admin/", "403", "rey@demo.certgate.io", "reader");
        expect(run, "reader", "GET /api/", "200", "rey@demo.certgate.io", "reader");
        expect(run, "payments", "GET /payments/", "200", "spiffe://demo.certgate.io/payments", "payments");
        expect(run, "payments", "GET /admin/", "403", "spiffe://demo.certgate.io/payments", "payments");
        Row revoked = run.row("revoked", "GET /whoami");
        assertTrue(List.of("401", "403").contains(revoked.status()), revoked.toString());
        assertEquals("refused: certificate revoked", revoked.principal());
        assertEquals("-", revoked.roles());
        Row untrusted = run.row("untrusted", "GET /whoami");
        assertEquals("-", untrusted.status(), "no HTTP answer");
        assertTrue(untrusted.principal().startsWith("refused at TLS handshake"), untrusted.toString());
        assertEquals("-", untrusted.roles());
        assertEquals(9, run.rows().size(), run.text());
    }

    static void expect(Run run, String client, String request, String status, String principal, String roles) {
        assertEquals(new Row(client, request, status, principal, roles), run.row(client, request));
    }

    /** A row with each container's own refusal status (401 or 403 for a refused certificate) made the same. */
    static Row outcome(Row row) {
        boolean refused = row.principal().startsWith("refused:");
        return new Row(row.client(), row.request(), refused ? "refused" : row.status(), row.principal(), row.roles());
    }

    /** Runs the demo to its end. */
    static Run run(List<String> args) throws Exception {
        Process process = start(args);
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> read(process.getInputStream(), printed, null));
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the demo did not end within " + RUN_TIMEOUT + ":\n" + String.join("\n", printed));
        }
        reading.get(30, TimeUnit.SECONDS);
        return new Run(process.exitValue(), List.copyOf(printed), table(printed));
    }

    /** Runs the demo with {@code --serve}, asks it for a page while it serves, then terminates it. */
    static Run runServingThenTerminate(List<String> args) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.add("--serve");
        Process process = start(all);
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch serving = new CountDownLatch(1);
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> read(process.getInputStream(), printed, serving));
        try {
            if (!serving.await(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("the demo did not start serving within " + RUN_TIMEOUT + ":\n" + String.join("\n", printed));
            }
            tomcatAdminWhileServing = getAsAdmin(baseUrl(printed) + "/admin/");
            for (String command : GettingStarted.read().cliCommands()) {
                cliWhileServing.put(command, runFromProjectRoot(command));
            }
        } finally {
            // SIGTERM (like Ctrl-C's SIGINT, the JVM runs its shutdown hooks), through the handle: Process.destroy()
            // would also close the output before the demo says it stopped.
            process.toHandle().destroy();
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the demo did not stop within " + RUN_TIMEOUT);
            }
        }
        reading.get(30, TimeUnit.SECONDS);
        return new Run(process.exitValue(), List.copyOf(printed), table(printed));
    }

    /** A GET made with the admin's PKCS#12 file and the demo's ca.pem, as a user would; returns the status. */
    static int getAsAdmin(String url) throws Exception {
        Path pki = JAR.toAbsolutePath().getParent().resolve("demo-pki");
        KeyStore admin = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("admin.p12"))) {
            admin.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(admin, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The application's URL from the demo's first line, such as {@code https://localhost:40123}. */
    static String baseUrl(List<String> printed) {
        synchronized (printed) {
            for (String line : printed) {
                Matcher m = BASE.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return fail("the demo did not print its URL:\n" + String.join("\n", printed));
    }

    /** Starts the demo from the project's folder, as README does: {@code java -jar demo/target/certgate-demo.jar}. */
    static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", PROJECT.relativize(JAR.toAbsolutePath()).toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true).start();
    }

    /** Reads the output into {@code printed} to its end; counts {@code serving} down when the demo says it serves. */
    static void read(InputStream in, List<String> printed, CountDownLatch serving) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                printed.add(line);
                if (serving != null && line.equals("Serving until Ctrl-C.")) {
                    serving.countDown();
                }
            }
        } catch (IOException e) {
            printed.add("(reading the demo's output failed: " + e + ")");
        }
    }

    /** The rows of the table: from the line after the header's rule to the first blank line. */
    static Map<String, Row> table(List<String> printed) {
        List<String> lines;
        synchronized (printed) {
            lines = List.copyOf(printed);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("client +request +status +principal +roles")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            return rows;
        }
        for (int i = header + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
            String[] cells = lines.get(i).split(" {2,}");
            if (cells.length != 5) {
                fail("a table row without 5 cells: [" + lines.get(i) + "]");
            }
            Row row = new Row(cells[0], cells[1], cells[2], cells[3], cells[4]);
            rows.put(row.client() + " " + row.request(), row);
        }
        return rows;
    }
}
