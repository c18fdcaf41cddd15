package io.certgate.core.management;

import io.certgate.core.DenialReason;
import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.revocation.UnknownCause;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bean of a real {@link ReloadingGate}, read as a JMX client reads it: by name and attribute through an MBean
 * server, with open types only.
 */
class CertGateMXBeanTest {
    static final String RULES = "principal = subject.cn\nrole staff when subject.o = \"Example\"\nrevocation.mode = off\n";
    static TestCertificate ca;
    static TestCertificate alice;
    static TestCertificate nameless;

    @TempDir
    Path dir;
    Path rules;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final ContainerSettings container = new ContainerSettings();
    final MBeanServer server = MBeanServerFactory.newMBeanServer();
    final ObjectName name = ObjectNames.webApplication("test", "gate", "localhost", "/app");
    GateRegistration registration;

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Example CA,O=Example").ca(0).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").signedBy(ca).build();
        nameless = TestCertificate.builder().subject("O=Example").signedBy(ca).build();
    }

    @BeforeEach
    void setUp() {
        rules = dir.resolve("app.rules");
        container.setClock(clock);
    }

    @AfterEach
    void tearDown() {
        if (registration != null) {
            registration.close();
        }
    }

    ReloadingGate gate(String text) throws Exception {
        write(text);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        registration = GateRegistration.register(gate, name, server);
        assertTrue(registration.registered());
        return gate;
    }

    void write(String text) throws Exception {
        Path next = Files.createTempFile(dir, "next", ".rules");
        Files.writeString(next, text);
        Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Object attribute(String attribute) throws Exception {
        return server.getAttribute(name, attribute);
    }

    /** A map attribute as a JMX client sees it: a table of {@code key} and {@code value} rows. */
    Map<String, Long> table(String attribute) throws Exception {
        TabularData table = (TabularData) attribute(attribute);
        Map<String, Long> out = new HashMap<>();
        for (Object row : table.values()) {
            CompositeData r = (CompositeData) row;
            out.put((String) r.get("key"), (Long) r.get("value"));
        }
        return out;
    }

    @Test
    void decisionsAreCountedByOutcomeAndEveryReason() throws Exception {
        ReloadingGate gate = gate(RULES);
        gate.decide(alice.chainArray());
        gate.decide(null);
        gate.decide(new java.security.cert.X509Certificate[0]);
        gate.decide(nameless.chainArray());

        assertEquals(4L, attribute("Decisions"));
        assertEquals(1L, attribute("Authenticated"));
        assertEquals(3L, attribute("Denied"));
        Map<String, Long> denials = table("Denials");
        assertEquals(DenialReason.values().length, denials.size(), "every reason, zeros included: " + denials);
        assertEquals(2L, denials.get("NO_CERTIFICATE"));
        assertEquals(1L, denials.get("NO_PRINCIPAL"));
        assertEquals(0L, denials.get("REVOKED"));
        assertEquals(false, attribute("RevocationChecked"));
        assertEquals(0L, attribute("OcspFetches"));
        assertEquals(0L, attribute("CacheMisses"));
    }

    @Test
    void aRejectedFileShowsItsErrorsWhileTheVersionInForceStays() throws Exception {
        ReloadingGate gate = gate(RULES);
        String first = (String) attribute("RulesVersion");
        assertEquals(rules.toString(), attribute("Rules"));
        assertEquals(true, attribute("Reloadable"));
        assertEquals("LOADED", attribute("LastReloadResult"));
        assertEquals(clock.instant().toString(), attribute("RulesLoadedAt"));
        assertEquals("", attribute("LastReloadError"));

        write("role staff when subject.cn =\n");
        clock.advance(ReloadingGate.CHECK_INTERVAL);
        gate.reloadIfChanged();
        assertEquals("REJECTED", attribute("LastReloadResult"));
        assertEquals(true, attribute("LastReloadRejected"));
        assertTrue(((String) attribute("LastReloadError")).startsWith(rules + ":1:"), (String) attribute("LastReloadError"));
        assertEquals(first, attribute("RulesVersion"), "the last good version stays in force");
        assertEquals(clock.instant().toString(), attribute("LastCheck"));

        write(RULES.replace("staff", "staff2"));
        clock.advance(ReloadingGate.CHECK_INTERVAL);
        gate.decide(alice.chainArray());
        assertEquals("RELOADED", attribute("LastReloadResult"));
        assertEquals(false, attribute("LastReloadRejected"));
        assertEquals("", attribute("LastReloadError"));
        assertNotEquals(first, attribute("RulesVersion"));
        assertEquals(clock.instant().toString(), attribute("RulesLoadedAt"));
        assertEquals(1L, attribute("Authenticated"), "counts go on across the reload");
    }

    @Test
    void revocationCountsComeFromARealResponder() throws Exception {
        Duration latency = Duration.ofMillis(150);
        try (TestOcspResponder ocsp = TestOcspResponder.start(ca, clock)) {
            ocsp.latency(latency);
            TestCertificate good = leaf("good", ocsp);
            TestCertificate failing = leaf("failing", ocsp);
            TestCertificate garbled = leaf("garbled", ocsp);
            ocsp.good(good.certificate()).good(failing.certificate()).good(garbled.certificate());
            // A timeout no local answer reaches: the latency is measured, never a cause of failure.
            ReloadingGate gate = gate(RULES.replace("revocation.mode = off", "revocation.mode = ocsp\nrevocation.timeout = 60s"));

            gate.decide(good.chainArray());
            gate.decide(good.chainArray());
            assertEquals(true, attribute("RevocationChecked"));
            assertEquals(1L, attribute("CacheMisses"));
            assertEquals(1L, attribute("CacheHits"));
            assertEquals(1L, attribute("CacheEntries"));
            assertEquals(1L, attribute("OcspFetches"));
            assertEquals(0L, attribute("OcspFetchFailures"));
            double max = (Double) attribute("OcspFetchMaxMillis");
            assertTrue(max >= latency.toMillis(), "the responder's latency is measured: " + max);
            assertTrue((Double) attribute("OcspFetchMeanMillis") >= latency.toMillis());

            ocsp.latency(Duration.ZERO).mode(TestOcspResponder.Mode.HTTP_500);
            gate.decide(failing.chainArray());
            ocsp.mode(TestOcspResponder.Mode.GARBAGE);
            gate.decide(garbled.chainArray());

            assertEquals(3L, attribute("OcspFetches"));
            assertEquals(1L, attribute("OcspFetchFailures"), "a garbled answer arrived: the fetch did not fail");
            assertEquals(Map.of("UNREACHABLE", 0L, "TIMEOUT", 0L, "HTTP_ERROR", 1L, "TOO_LARGE", 0L, "MALFORMED", 0L,
                            "BAD_SIGNATURE", 0L),
                    table("OcspFetchFailuresByCause"));
            Map<String, Long> unknown = table("UnknownAnswers");
            assertEquals(UnknownCause.values().length, unknown.size());
            assertEquals(1L, unknown.get("HTTP_ERROR"));
            assertEquals(1L, unknown.get("MALFORMED"), "the answer was rejected on validation");
            assertEquals(2L, table("Denials").get("REVOCATION_UNKNOWN"));
            assertEquals(0L, attribute("CrlFetches"));
            assertEquals(0.0, attribute("CrlFetchMaxMillis"));
            assertEquals(gate.revocationStatistics().keptCrlBytes(), attribute("KeptCrlBytes"));
            assertEquals(gate.revocationStatistics().parsedCrlBytes(), attribute("ParsedCrlBytes"));
        }
    }

    static TestCertificate leaf(String cn, TestOcspResponder ocsp) {
        return TestCertificate.builder().subject("CN=" + cn + ",O=Example").ocspResponder(ocsp.uri().toString())
                .signedBy(ca).build();
    }

    @Test
    void onThePlatformServerATakenNameLeavesTheFirstBeanAndCloseRemovesIt() throws Exception {
        write(RULES);
        ReloadingGate one = ReloadingGate.load(rules, container);
        ReloadingGate two = ReloadingGate.load(rules, container);
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        ObjectName shared = ObjectNames.webApplication("test", "platform", "localhost", "/shared");
        one.decide(alice.chainArray());
        try (GateRegistration first = GateRegistration.register(one, shared);
             GateRegistration second = GateRegistration.register(two, shared)) {
            assertTrue(first.registered());
            assertFalse(second.registered(), "the name is taken; registering did not throw");
            second.close();
            assertEquals(1L, platform.getAttribute(shared, "Authenticated"), "the first bean is untouched");
            first.close();
            assertFalse(platform.isRegistered(shared));
            first.close();
            assertFalse(first.registered());
        }
    }

    @Test
    void namesAreQuotedAndTellHostsApart() {
        ObjectName a = ObjectNames.webApplication("tomcat", "realm", "a.example.org", "/app");
        ObjectName b = ObjectNames.webApplication("tomcat", "realm", "b.example.org", "/app");
        assertEquals("io.certgate:type=WebApplication,container=tomcat,component=realm,name=\"a.example.org/app\"",
                a.toString());
        assertNotEquals(a, b);
        assertEquals("localhost/", ObjectName.unquote(ObjectNames.webApplication("tomcat", "valve", "localhost", "")
                .getKeyProperty("name")));
        assertEquals("/x,y=\"z\"", ObjectName.unquote(ObjectNames.webApplication("jetty", "authenticator", null,
                "/x,y=\"z\"").getKeyProperty("name")));
        assertTrue(ObjectNames.ALL_WEB_APPLICATIONS.apply(a));
        assertThrows(IllegalArgumentException.class, () -> ObjectNames.webApplication("Tomcat,x=y", "realm", null, "/"));
        assertTrue(Arrays.stream(ObjectNames.class.getDeclaredConstructors()).noneMatch(c -> c.canAccess(null)));
    }
}
