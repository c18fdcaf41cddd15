package io.certgate.tomcat;

import io.certgate.core.CertGate;
import io.certgate.core.DecisionStatistics;
import io.certgate.core.DenialReason;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.SingleSignOn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every way Tomcat logs a client in goes through certgate's one decision: a constrained resource, preemptive
 * authentication ({@code <Context preemptiveAuthentication="true">}), {@code HttpServletRequest.authenticate()} from
 * the application, over HTTP with {@code SSLValve}'s header and over AJP; a certificate Tomcat did not verify is
 * refused on each, with one audit record, and no principal reaches a certgate application by another way
 * (a {@code SingleSignOn} valve carrying another application's password login).
 */
class LoginPathsIT {
    static TestCertificate root;
    static TestCertificate alice;
    static EmbeddedTomcat server;
    static LogCapture audit;
    static Context preemptive;
    static Context plain;
    static Path users;

    @BeforeAll
    static void start() throws Exception {
        root = TestCertificate.builder().subject("CN=certgate test root").ca(1).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        audit = LogCapture.of(CertGate.AUDIT_LOGGER);
        users = Files.createTempFile("tomcat-users-", ".xml");
        Files.writeString(users, "<tomcat-users><user username=\"mallory\" password=\"secret\" roles=\"admin,user\"/></tomcat-users>\n");
        server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate()).withPlainHttpAndSslValve().withAjp();
        server.tomcat().getHost().getPipeline().addValve(new SingleSignOn());
        preemptive = server.add("/preemptive", TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml(ForwardedCertificateIT.REALM));
        preemptive.setPreemptiveAuthentication(true);
        plain = server.add("/app", TestWebApp.builder().rules(CertGateRealmIT.RULES).contextXml(ForwardedCertificateIT.REALM));
        server.add("/basic", TestWebApp.builder().authMethod("BASIC")
                .contextXml("<Realm className=\"org.apache.catalina.realm.MemoryRealm\" pathname=\"" + users + "\"/>"));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        audit.close();
        server.close();
        Files.deleteIfExists(users);
    }

    static DecisionStatistics statistics(Context context) {
        return ((CertGateRealm) context.getRealm()).gate(context).orElseThrow().statistics();
    }

    /** Runs a request and checks that it made exactly one decision, a FORWARDED_CERTIFICATE refusal, and one audit record. */
    static Http refusedOnce(Context context, Supplier<Http> request) {
        DecisionStatistics before = statistics(context);
        int records = audit.count();
        Http r = request.get();
        DecisionStatistics after = statistics(context);
        assertEquals(before.authenticated(), after.authenticated(), "no login: " + r.body());
        assertEquals(before.denied(DenialReason.FORWARDED_CERTIFICATE) + 1, after.denied(DenialReason.FORWARDED_CERTIFICATE), r.body());
        assertEquals(before.total() + 1, after.total(), "one decision");
        assertEquals(records + 1, audit.count(), "one audit record: " + audit.all());
        return r;
    }

    static Http forged(String path) {
        return Http.get(HttpClient.newHttpClient(), server.plainUri(path), "ssl_client_cert", ForwardedCertificateIT.header(alice));
    }

    /** The certificate as httpd's mod_ssl hands it to mod_proxy_ajp: PEM, lines of 64. */
    static String pem(TestCertificate certificate) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.der())
                + "\n-----END CERTIFICATE-----\n";
    }

    static Http ajp(String path) {
        return AjpClient.get(server.ajpPort(), path, pem(alice));
    }

    /** As Tomcat answers any failed preemptive login: 401, even on a path that needs none. */
    @Test
    void preemptiveAuthenticationRefusesAForgedHeaderOnAnUnconstrainedPath() {
        assertEquals(401, refusedOnce(preemptive, () -> forged("/preemptive/open/x")).status());
    }

    @Test
    void authenticateFromTheApplicationRefusesAForgedHeader() {
        Http r = refusedOnce(plain, () -> forged("/app/open/x?authenticate"));
        assertEquals(401, r.status(), r.body());
    }

    @Test
    void aConstrainedPathRefusesAForgedHeaderWithOneRecordNotAnAuthenticatedThenADenied() {
        assertEquals(401, refusedOnce(plain, () -> forged("/app/admin/x")).status());
    }

    @Test
    void ajpIsRefusedOnEveryLoginPath() {
        assertEquals(401, refusedOnce(preemptive, () -> ajp("/preemptive/open/x")).status());
        assertEquals(401, refusedOnce(plain, () -> ajp("/app/open/x?authenticate")).status());
        assertEquals(401, refusedOnce(plain, () -> ajp("/app/admin/x")).status());
    }

    @Test
    void aVerifiedCertificateLogsInOnEveryPathWithOneRecord() {
        int records = audit.count();
        long before = statistics(preemptive).authenticated();
        Http r = Http.get(TestTls.client(alice, root.certificate()), server.uri("/preemptive/open/x"));
        assertEquals(200, r.status(), r.body());
        assertEquals("CN=alice,O=Example", r.line("user"));
        assertEquals(before + 1, statistics(preemptive).authenticated());
        assertEquals(records + 1, audit.count(), audit.all());
        Http asked = Http.get(TestTls.client(alice, root.certificate()), server.uri("/app/open/x?authenticate"));
        assertEquals("CN=alice,O=Example", asked.line("user"), asked.body());
        assertEquals("true", asked.line("admin"));
    }

    /** Tomcat's SingleSignOn would otherwise hand the BASIC login's principal, roles included, to the certgate application. */
    @Test
    void aSingleSignOnPrincipalOfAnotherApplicationIsNotACertgateLogin() {
        HttpClient noCertificate = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestTls.context(null, root.certificate())).cookieHandler(new CookieManager()).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString("mallory:secret".getBytes(StandardCharsets.UTF_8));
        Http loggedIn = send(noCertificate, HttpRequest.newBuilder(server.uri("/basic/admin/x")).header("Authorization", basic));
        assertEquals(200, loggedIn.status(), loggedIn.body());
        assertEquals("mallory", loggedIn.line("user"));

        Http admin = send(noCertificate, HttpRequest.newBuilder(server.uri("/app/admin/x")));
        assertEquals(401, admin.status(), admin.body());
        Http open = send(noCertificate, HttpRequest.newBuilder(server.uri("/app/open/x")));
        assertEquals(200, open.status());
        assertEquals("null", open.line("user"), open.body());
        assertEquals("false", open.line("admin"));
    }

    static Http send(HttpClient client, HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
