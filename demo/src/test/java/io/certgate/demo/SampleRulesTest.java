package io.certgate.demo;

import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.config.Configuration;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.rules.Evaluation;
import io.certgate.demo.pki.DemoPki;
import io.certgate.demo.responder.RevocationServer;
import io.certgate.demo.responder.Revocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample application's own {@code WEB-INF/certgate.rules}, decided by certgate's core for each demo client
 * with revocation checked against the demo's responder: the principals and roles the demo's table shows,
 * without a container.
 */
class SampleRulesTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    static final Path RULES = Path.of(System.getProperty("certgate.sample.rules",
            "../sample-app/src/main/webapp/WEB-INF/certgate.rules"));

    /** Held, so that the level stays: the audit records of these decisions would only clutter the test output. */
    static final Logger AUDIT = Logger.getLogger(CertGate.AUDIT_LOGGER);

    static RevocationServer server;
    static DemoPki pki;
    static CertGate gate;

    @BeforeAll
    static void start() throws Exception {
        AUDIT.setLevel(Level.WARNING);
        assertTrue(Files.isRegularFile(RULES), "the sample application's rules at " + RULES.toAbsolutePath());
        server = RevocationServer.bind(0);
        pki = DemoPki.create(server.ocspUri(), server.crlUri());
        Revocations revocations = new Revocations();
        pki.clients().forEach(c -> revocations.issued(c.certificate().certificate()));
        revocations.revoke(pki.client(DemoPki.REVOKED).certificate().certificate(), Instant.now(), Revocations.KEY_COMPROMISE);
        server.start(pki.issuing(), revocations);
        gate = Configuration.load(RULES, Map.of(), RUNTIME);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Decision decide(String client) {
        List<X509Certificate> chain = pki.client(client).certificate().presentedChain();
        return gate.decide(chain.toArray(new X509Certificate[0]));
    }

    @ParameterizedTest
    @CsvSource({
            "admin,    ada@demo.certgate.io,               admin reader",
            "reader,   rey@demo.certgate.io,               reader",
            "payments, spiffe://demo.certgate.io/payments, payments",
    })
    void eachClientGetsItsPrincipalAndRoles(String client, String principal, String roles) {
        Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class, decide(client));
        assertEquals(principal, a.principal());
        assertEquals(roles.isEmpty() ? Set.of() : Set.of(roles.split(" ")), a.roles());
    }

    @Test
    void theAdminsNamesFromAnotherCaGetNoRole() throws Exception {
        // The demo's TLS handshake refuses this certificate already; were its CA trusted, the rules would still
        // grant nothing, since every role pins the issuing CA.
        Evaluation evaluation = gate.rules().evaluate(ClientIdentity.of(pki.client(DemoPki.UNTRUSTED).certificate().certificate()));
        assertEquals("ada@demo.certgate.io", evaluation.principal().orElseThrow());
        assertEquals(Set.of(), evaluation.roles());
    }

    @ParameterizedTest
    @CsvSource({"admin", "reader", "payments"})
    void theIssuedClientsAreGoodByOcsp(String client) {
        Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class, decide(client));
        var status = a.revocationStatus().orElseThrow();
        assertEquals("GOOD", status.verdict().name());
        assertEquals("OCSP", status.certificates().get(status.certificates().size() - 1).status().source().name());
    }

    @Test
    void theRevokedClientIsRefused() {
        Decision.Denied d = assertInstanceOf(Decision.Denied.class, decide(DemoPki.REVOKED));
        assertEquals(DenialReason.REVOKED, d.reason());
        assertTrue(d.message().contains("by OCSP"), d.message());
    }
}
