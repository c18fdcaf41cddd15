package io.certgate.benchmarks;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.config.Configuration;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.revocation.RevocationStatus;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.TestCertificate;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.logging.Logger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@link CertGate#decide} with revocation checking on, without network: the 50-rule file of
 * {@link RuleEvaluationBenchmark} plus {@code revocation.mode = crl} and {@code revocation.crl.files} naming a local
 * CRL of 10,000 entries from the issuing CA (nextUpdate 30 days ahead), built by {@link Configuration#build} as the
 * adapters build it (system clock; the client certificates name no CRL distribution point or OCSP responder). The
 * chain is what a TLS stack hands over: the client's leaf and the issuing CA. The audit logger is off.
 *
 * <ul>
 *   <li>{@code cached}: the same chain objects every call, as for the requests of one TLS session (and for new
 *       sessions of a recent client, since the JDK's {@code CertificateFactory} returns cached objects for
 *       certificates it parsed recently): identity, rule results and revocation status all come from certgate's
 *       caches.</li>
 *   <li>{@code firstSeen}: a client certificate certgate has never seen, each call: new certificate objects and a
 *       new serial, so identity extraction, the 50 rules and the CRL check (status cache miss, serial lookup in the
 *       parsed CRL) all run. Before each call, outside the timed part ({@code Level.Invocation} setup), the JDK's
 *       {@code CertificateFactory} parses the next certificate of a pool of DER encodings, as the TLS stack does
 *       for a new client, so none of the JDK's lazily filled fields are set and no pre-parsed pool sits in the
 *       heap. The pool's certificates have the benchmark client's names and extensions (fresh serials, one shared
 *       key), so the rules do the same work as in {@code cached}. Each iteration starts with a new {@code CertGate},
 *       hence cold caches; its setup decides once for a certificate outside the pool so that the CRL file is read,
 *       parsed and its signature verified before measuring (that one-time cost is what {@link LargeCrlBenchmark}
 *       measures). An iteration fails rather than reuse a certificate.</li>
 * </ul>
 *
 * <p>Both run with and without {@code trust.anchors} (parameter {@code trustAnchors}): without, a first-seen
 * chain's path is built by one signature check of the leaf (the issuing CA's link is cached); with, the JDK's
 * RFC 5280 validator runs on the chain before anything else.
 *
 * <p>The forks get a fixed 2 GB heap, as servers usually run: with the default sizing (a small initial heap that
 * G1 grows as it goes) the garbage of first-seen decisions made GC pauses a large and erratic part of the score.
 * {@code firstSeen} needs about ten 1-second iterations of warm-up: an iteration holds only some thousands of
 * operations, and the deep call graph keeps being compiled until then.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 8, time = 1)
public class DecisionCostBenchmark {

    /** Held so that the logger, and its level, are not garbage-collected (JUL keeps loggers weakly). */
    private static final Logger AUDIT_LOGGER = Logger.getLogger(CertGate.AUDIT_LOGGER);

    static final int CRL_ENTRIES = 10_000;
    /** First-seen certificates per iteration: more than one 1-second iteration uses (checked before each call). */
    static final int POOL = 30_000;
    static final String CRL_FILE = "issuing.crl";
    static final String ANCHORS_FILE = "anchors.pem";

    /** The PKI, the CRL file and the rules shared by both benchmarks. */
    @State(Scope.Benchmark)
    public static class Pki {
        /**
         * Whether the rules set {@code trust.anchors} (the root): then every first-seen chain is validated (RFC
         * 5280, the JDK's validator) before anything else; else its path is built by signature checks.
         */
        @Param({"false", "true"})
        public boolean trustAnchors;

        /** Where revocation keeps CRLs; ended with the trial. */
        final RevocationRuntime runtime = RevocationRuntime.create();

        TestCertificate issuing;
        TestCertificate client;
        KeyPair clientKeys;
        Path directory;
        RuleSet rules;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            AUDIT_LOGGER.setLevel(java.util.logging.Level.OFF);
            TestCertificate root = TestCertificate.builder()
                    .subject("CN=Bench Root CA,O=Example Corp")
                    .ca(1)
                    .build();
            issuing = TestCertificate.builder()
                    .subject("CN=Bench Issuing CA,O=Example Corp")
                    .ca(0)
                    .signedBy(root)
                    .build();
            client = clientBuilder().signedBy(issuing).build();
            clientKeys = client.keyPair();

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            BenchCrls.Generated crl = BenchCrls.generate(issuing, CRL_ENTRIES, LargeCrlBenchmark.SEED,
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
            directory = Files.createTempDirectory("certgate-bench");
            Files.write(directory.resolve(CRL_FILE), crl.der());

            String fingerprint = HexFormat.ofDelimiter(":").formatHex(ClientIdentity.of(client.certificate())
                    .fingerprint());
            String principalLine = "principal = spiffe-id, san.email, subject.cn\n";
            Files.writeString(directory.resolve(ANCHORS_FILE), root.certificatePem());
            String text = RuleEvaluationBenchmark.RULES.replace("FINGERPRINT", fingerprint)
                    .replace(principalLine, principalLine + "revocation.mode = crl\nrevocation.crl.files = \""
                            + CRL_FILE + "\"\n" + (trustAnchors ? "trust.anchors = " + ANCHORS_FILE + "\n" : ""));
            check(text.contains("revocation.mode = crl"), "settings not added to the rules");
            rules = RuleSet.parse("bench.rules", text);
            check(rules.rules().size() == RuleEvaluationBenchmark.RULE_COUNT, "expected "
                    + RuleEvaluationBenchmark.RULE_COUNT + " rules, parsed " + rules.rules().size());
        }

        @TearDown(Level.Trial)
        public void deleteFiles() throws Exception {
            runtime.close();
            Files.deleteIfExists(directory.resolve(CRL_FILE));
            Files.deleteIfExists(directory.resolve(ANCHORS_FILE));
            Files.deleteIfExists(directory);
        }

        /** A CertGate as the adapters build it, with fresh caches. */
        CertGate newCertGate() throws Exception {
            return Configuration.build(rules, directory, Map.of(), Clock.systemUTC(), runtime, Runnable::run);
        }

        /** What a TLS stack hands over: leaf, issuing CA. */
        X509Certificate[] chain(X509Certificate leaf) {
            return new X509Certificate[] {leaf, issuing.certificate()};
        }

        /** The benchmark client's names and extensions; a new serial for every build. */
        TestCertificate.Builder clientBuilder() {
            TestCertificate.Builder b = TestCertificate.builder()
                    .subject("CN=svc-checkout,OU=payments,O=Example Corp")
                    .sanEmail("checkout@payments.example.org")
                    .sanDns("checkout.payments.svc.example.org")
                    .sanIp("10.20.30.40")
                    .sanUri(RuleEvaluationBenchmark.SPIFFE_ID)
                    .clientAuth();
            return clientKeys == null ? b : b.keyPair(clientKeys);
        }
    }

    /** One client, decided again and again. */
    @State(Scope.Benchmark)
    public static class Cached {
        CertGate gate;
        X509Certificate[] chain;

        @Setup(Level.Trial)
        public void setup(Pki pki) throws Exception {
            gate = pki.newCertGate();
            chain = pki.chain(pki.client.certificate());
            checkAuthenticated(gate.decide(chain), RuleEvaluationBenchmark.EXPECTED_ROLES.size());
        }
    }

    /** A pool of certificates certgate has not seen, and a CertGate with cold caches per iteration. */
    @State(Scope.Benchmark)
    public static class FirstSeen {
        Pki pki;
        byte[][] pool;
        X509Certificate primer;
        CertificateFactory factory;
        CertGate gate;
        X509Certificate[] chain;
        X509Certificate[] first;
        int next;

        @Setup(Level.Trial)
        public void generate(Pki pki) throws Exception {
            this.pki = pki;
            long start = System.nanoTime();
            // Signing dominates (about 1 ms a certificate on one core): generate on every core.
            ThreadLocal<TestCertificate.Builder> builders =
                    ThreadLocal.withInitial(() -> pki.clientBuilder().signedBy(pki.issuing));
            pool = IntStream.range(0, POOL).parallel().mapToObj(i -> builders.get().build().der())
                    .toArray(byte[][]::new);
            primer = builders.get().build().certificate();
            System.out.printf("%n%,d client certificates generated in %.1f s%n", POOL,
                    (System.nanoTime() - start) / 1e9);
        }

        @Setup(Level.Iteration)
        public void coldStart() throws Exception {
            gate = null;
            factory = CertificateFactory.getInstance("X.509");
            gate = pki.newCertGate();
            // Reads, parses and verifies the CRL; the pinned rule does not match this client.
            checkAuthenticated(gate.decide(pki.chain(primer)), RuleEvaluationBenchmark.EXPECTED_ROLES.size() - 1);
            next = 0;
            System.gc();
        }

        /** Parses the next certificate of the pool, as the TLS stack would for a new client (not timed). */
        @Setup(Level.Invocation)
        public void nextCertificate() throws Exception {
            if (next >= POOL) {
                throw new IllegalStateException("the pool of " + POOL + " certificates is used up: make POOL larger");
            }
            chain = pki.chain((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pool[next])));
            if (next == 0) {
                first = chain;
            }
            next++;
        }

        @TearDown(Level.Iteration)
        public void check() {
            // The first certificate of the iteration, now cached: it was authenticated after a GOOD CRL status.
            checkAuthenticated(gate.decide(first), RuleEvaluationBenchmark.EXPECTED_ROLES.size() - 1);
            System.out.printf(" [%,d certificates] ", next);
        }
    }

    static void checkAuthenticated(Decision decision, int roles) {
        check(decision instanceof Decision.Authenticated, "not authenticated: " + decision);
        Decision.Authenticated a = (Decision.Authenticated) decision;
        check(a.roles().size() == roles, "expected " + roles + " roles, got " + a.roles());
        ChainStatus status = a.revocationStatus().orElseThrow(() -> new IllegalStateException("no revocation"));
        check(status.certificates().size() == 1, "expected the leaf's status, got " + status.certificates());
        RevocationStatus leaf = status.certificates().get(0).status();
        check(leaf.status() == RevocationStatus.Status.GOOD && leaf.source() == RevocationStatus.Source.CRL,
                "expected GOOD from the CRL, got " + leaf);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** The same chain objects every call: identity, rules and revocation status cached. */
    @Benchmark
    public Decision cached(Cached s) {
        return s.gate.decide(s.chain);
    }

    /** A certificate certgate has not seen: identity, 50 rules, status cache miss and CRL lookup. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Decision firstSeen(FirstSeen s) {
        return s.gate.decide(s.chain);
    }
}
