package io.certgate.core.config;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DecisionStatistics;
import io.certgate.core.DenialReason;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reloading a web application's rules file: real files, real parsing, a clock moved by hand. */
class ReloadingGateTest {
    static final String A = "role a when subject.cn = \"alice\"\n";
    static final String B = "role b when subject.cn = \"alice\"\n";
    static TestCertificate ca;
    static TestCertificate alice;

    @TempDir
    Path dir;
    Path rules;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final ContainerSettings container = new ContainerSettings();
    final List<LogRecord> errors = new ArrayList<>();
    final Logger jul = Logger.getLogger(ReloadingGate.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                synchronized (errors) {
                    errors.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).build();
        alice = TestCertificate.builder().subject("CN=alice,O=Example").signedBy(ca).build();
    }

    @BeforeEach
    void setUp() {
        rules = dir.resolve("app.rules");
        container.setClock(clock);
        container.set("revocation.mode", "off");
        jul.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        jul.removeHandler(capture);
    }

    /** Replaces the rules file at once, as the documentation asks writers to. */
    void write(String text) throws Exception {
        Path next = Files.createTempFile(dir, "next", ".rules");
        Files.writeString(next, text);
        Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Set<String> roles(ReloadingGate gate) {
        return assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray())).roles();
    }

    @Test
    void aChangedFileIsPickedUpOnTheRequestPathAfterTheCheckInterval() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        assertTrue(gate.reloadable());
        assertEquals(ReloadState.Result.LOADED, gate.state().lastResult());
        RulesVersion first = gate.state().version();
        assertEquals(ReloadingGate.digest(A.getBytes(StandardCharsets.UTF_8)), first.digest());
        assertEquals(Set.of("a"), roles(gate));

        write(B);
        assertEquals(Set.of("a"), roles(gate), "not looked at before the interval has passed");
        clock.advance(ReloadingGate.CHECK_INTERVAL);
        assertEquals(Set.of("b"), roles(gate));
        ReloadState state = gate.state();
        assertEquals(ReloadState.Result.RELOADED, state.lastResult());
        assertEquals(clock.instant(), state.version().loadedAt());
        assertNotEquals(first.digest(), state.version().digest());
        assertEquals(rules.toString(), state.rules());
        assertTrue(state.error().isEmpty());
    }

    @Test
    void anUnchangedFileIsNotParsedAgain() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        CertGate before = gate.current();
        assertEquals(ReloadState.Result.UNCHANGED, gate.reloadIfChanged());
        write(A);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(ReloadState.Result.UNCHANGED, gate.reloadIfChanged(), "same content, new file");
        assertSame(before, gate.current());
        assertEquals(ReloadState.Result.UNCHANGED, gate.state().lastResult());
        assertEquals(clock.instant(), gate.state().lastCheck());
        assertEquals(clock.instant().minus(Duration.ofMinutes(1)), gate.state().version().loadedAt());
    }

    @Test
    void aBrokenFileIsRejectedWithItsPositionLoggedOnceAndTheOldRulesStay() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        RulesVersion good = gate.state().version();
        write(A + "role c when subject.cn matches spiffe\n");

        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        ReloadState state = gate.state();
        assertEquals(good, state.version());
        String error = state.error().orElseThrow();
        assertTrue(error.startsWith(rules + ":2:"), error);
        assertEquals(Set.of("a"), roles(gate));
        for (int i = 0; i < 5; i++) {
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(Set.of("a"), roles(gate));
            assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
            assertEquals(error, gate.state().lastError());
        }
        assertEquals(1, errors.size(), "logged once per broken version, not per request");
        assertTrue(errors.get(0).getMessage().contains(error), errors.get(0).getMessage());

        write(B + "role c when nonsense\n");
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        assertEquals(2, errors.size(), "another broken version is logged");

        write(B);
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
        assertEquals(Set.of("b"), roles(gate));
        assertTrue(gate.state().error().isEmpty());
        assertEquals(2, errors.size());
    }

    @Test
    void aFileWithGoodRulesAndOneBadLineIsNeverPartlyApplied() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        CertGate before = gate.current();

        write("principal = subject.o\n" + B + "role c when subject.cn matches spiffe\n");
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()));
        assertEquals(Set.of("a"), a.roles(), "neither the new rule b nor the old rules without a");
        assertEquals("CN=alice,O=Example", a.principal(), "nor the new principal setting");

        clock.advance(ReloadingGate.CHECK_INTERVAL);
        write(B + "revocation.mode = crl\nrevocation.issuers = missing.pem\n");
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged(), "a setting that fails after parsing");
        assertTrue(gate.state().error().orElseThrow().startsWith(rules + ":3:"), gate.state().error().orElseThrow());
        assertEquals(Set.of("a"), roles(gate));
        assertSame(before, gate.current());
    }

    @Test
    void aBrokenFileRevertedToTheVersionInForceIsNoLongerAnError() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        CertGate before = gate.current();
        write("role\n");
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        write(A);
        assertEquals(ReloadState.Result.UNCHANGED, gate.reloadIfChanged());
        assertTrue(gate.state().error().isEmpty());
        assertSame(before, gate.current());
    }

    @Test
    void aMissingFileIsRejectedAndTheOldRulesStay() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        Files.delete(rules);
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        assertTrue(gate.state().lastError().contains("cannot read the rules file: NoSuchFileException"),
                gate.state().lastError());
        assertEquals(Set.of("a"), roles(gate));
        write(B);
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
    }

    @Test
    void rulesInsideAPackedWebApplicationAreNotReloaded() throws Exception {
        WebApplication war = new WebApplication() {
            @Override
            public String name() {
                return "/shop";
            }

            @Override
            public Optional<String> initParameter(String name) {
                return Optional.of("/WEB-INF/certgate.rules");
            }

            @Override
            public Optional<Path> realPath(String path) {
                return Optional.empty();
            }

            @Override
            public Optional<InputStream> resource(String path) {
                return Optional.of(new ByteArrayInputStream(A.getBytes(StandardCharsets.UTF_8)));
            }
        };
        ReloadingGate gate = ReloadingGate.forWebApplication(war, container);
        assertFalse(gate.reloadable());
        assertFalse(gate.state().reloadable());
        assertEquals("/shop/WEB-INF/certgate.rules", gate.state().rules());
        clock.advance(Duration.ofHours(1));
        assertEquals(Set.of("a"), roles(gate));
        assertEquals(ReloadState.Result.UNCHANGED, gate.reloadIfChanged());
        assertEquals(ReloadState.Result.LOADED, gate.state().lastResult());
    }

    @Test
    void aWebApplicationWithARulesFileIsReloadable() throws Exception {
        write(A);
        container.setRules(rules.toAbsolutePath().toString());
        WebApplication app = new WebApplication() {
            @Override
            public String name() {
                return "/app";
            }

            @Override
            public Optional<String> initParameter(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> realPath(String path) {
                return Optional.empty();
            }

            @Override
            public Optional<InputStream> resource(String path) {
                return Optional.empty();
            }
        };
        ReloadingGate gate = ReloadingGate.forWebApplication(app, container);
        assertTrue(gate.reloadable());
        write(B);
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
        assertEquals(Set.of("b"), roles(gate));
    }

    String crlRules(String extra) throws Exception {
        Files.write(dir.resolve("ca.crl"), TestCrl.builder(ca).thisUpdate(clock.instant().minus(Duration.ofHours(1)))
                .nextUpdate(clock.instant().plus(Duration.ofDays(1))).build().der());
        return "revocation.mode = crl\nrevocation.crl.files = \"ca.crl\"\n" + extra;
    }

    @Test
    void theRevocationCacheSurvivesARulesOnlyChange() throws Exception {
        write(crlRules(A));
        ReloadingGate gate = ReloadingGate.load(rules, container);
        RevocationChecker checker = gate.current().revocation().orElseThrow();
        assertEquals(Set.of("a"), roles(gate));
        assertEquals(1, gate.revocationStatistics().misses());

        write(crlRules(B));
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
        assertSame(checker, gate.current().revocation().orElseThrow());
        assertEquals(Set.of("b"), roles(gate));
        assertEquals(1, gate.revocationStatistics().misses());
        assertEquals(1, gate.revocationStatistics().hits(), "answered from the cache of the first version");
    }

    @Test
    void changedRevocationSettingsBuildANewChecker() throws Exception {
        write(crlRules(A));
        ReloadingGate gate = ReloadingGate.load(rules, container);
        RevocationChecker checker = gate.current().revocation().orElseThrow();
        roles(gate);
        write(crlRules("revocation.timeout = 3s\n" + A));
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
        RevocationChecker next = gate.current().revocation().orElseThrow();
        assertNotSame(checker, next);
        assertEquals(Duration.ofSeconds(3), next.settings().timeout());
        assertEquals(0, gate.revocationStatistics().hits() + gate.revocationStatistics().misses());
        roles(gate);
        assertEquals(2, gate.statistics().authenticated(), "decision statistics go on across the reload");

        write(A);
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
        assertTrue(gate.current().revocation().isEmpty());
        assertEquals(0, gate.revocationStatistics().entries());
    }

    @Test
    void statisticsCountDecisionsByOutcomeAndReasonAcrossReloads() throws Exception {
        write("principal = san.email\n" + A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        gate.decide(alice.chainArray());
        gate.decide(null);
        gate.decide(new java.security.cert.X509Certificate[0]);
        write(B);
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged());
        gate.decide(alice.chainArray());
        gate.decide(alice.chainArray());
        DecisionStatistics s = gate.statistics();
        assertEquals(2, s.authenticated());
        assertEquals(1, s.denied(DenialReason.NO_PRINCIPAL));
        assertEquals(2, s.denied(DenialReason.NO_CERTIFICATE));
        assertEquals(0, s.denied(DenialReason.REVOKED));
        assertEquals(3, s.denied());
        assertEquals(5, s.total());
        assertEquals(DenialReason.values().length, s.denials().size());
    }

    @Test
    void everyDecisionUnderLoadComesFromExactlyOneVersion() throws Exception {
        write(A);
        ReloadingGate gate = ReloadingGate.load(rules, container);
        Logger audit = Logger.getLogger(CertGate.AUDIT_LOGGER);
        Level auditLevel = audit.getLevel();
        audit.setLevel(Level.OFF); // tens of thousands of audit records would only slow the test down
        int threads = 6;
        int rounds = 40;
        int perRound = 200;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        Set<Set<String>> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int decided = 0;
                    for (int r = 0; r < rounds; r++) {
                        start.await(60, TimeUnit.SECONDS);
                        for (int i = 0; i < perRound; i++) {
                            Set<String> roles = ((Decision.Authenticated) gate.decide(alice.chainArray())).roles();
                            if (!roles.equals(Set.of("a")) && !roles.equals(Set.of("b"))) {
                                throw new AssertionError("a decision from no single version: " + roles);
                            }
                            seen.add(roles);
                            decided++;
                        }
                    }
                    return decided;
                }));
            }
            for (int r = 0; r < rounds; r++) {
                start.await(60, TimeUnit.SECONDS);
                // The workers decide while the file is rewritten and reloaded, on this thread and on theirs.
                write(r % 2 == 0 ? B : A);
                clock.advance(ReloadingGate.CHECK_INTERVAL);
                ReloadState.Result result = gate.reloadIfChanged();
                assertTrue(result == ReloadState.Result.RELOADED || result == ReloadState.Result.UNCHANGED, result::toString);
            }
            long decided = 0;
            for (Future<Integer> w : workers) {
                decided += w.get(60, TimeUnit.SECONDS);
            }
            assertEquals((long) threads * rounds * perRound, decided);
            assertEquals(decided, gate.statistics().authenticated());
            assertEquals(decided, gate.statistics().total());
            assertEquals(Set.of(Set.of("a"), Set.of("b")), seen);
            assertTrue(errors.isEmpty(), () -> errors.get(0).getMessage());
        } finally {
            pool.shutdownNow();
            audit.setLevel(auditLevel);
        }
    }
}
