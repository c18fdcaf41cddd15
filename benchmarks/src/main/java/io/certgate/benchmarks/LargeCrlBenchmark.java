package io.certgate.benchmarks;

import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.revocation.CrlBenchmarkAccess;
import io.certgate.core.testing.TestCertificate;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A CRL with a million entries (about 41 MB of DER, EC P-256 issuer, random 16-byte serials, reason codes on 45 % of
 * the entries), loaded and searched by certgate and by the JDK's {@code X509CRL}.
 *
 * <ul>
 *   <li><b>load</b> (single shot, ms): certgate parses the DER into its serial index and verifies the signature with
 *       the issuer's key, which is what it does with a new CRL before using it. The JDK parses it with
 *       {@code CertificateFactory.generateCRL}, verifies it with {@code X509CRL.verify} and looks one serial up.
 *       Each iteration loads the CRL from the same bytes into a fresh object (the JDK's factory does not cache
 *       encodings above 4 MB; setup checks that it returns a new object), after a {@code System.gc()} in setup.</li>
 *   <li><b>lookup</b> (average, ns): a serial the CRL lists and one it does not, each op taking the next of 65,536
 *       pre-made serials (listed ones picked at random from the CRL, absent ones random), so nothing is allocated
 *       by the harness. certgate's lookup is its index search plus the issuer match, as in its CRL check; the
 *       serial is given as the {@code byte[]} certgate computes once per certificate. The JDK's is
 *       {@code X509CRL.getRevokedCertificate(BigInteger)}, which {@code isRevoked} also does.</li>
 * </ul>
 *
 * <p>Run with {@code -prof gc} to see the allocation per lookup ({@code gc.alloc.rate.norm}). The forks get a fixed
 * 4 GB heap: the JDK's parsed CRL alone takes about 0.4 GB.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
public class LargeCrlBenchmark {
    static final int ENTRIES = 1_000_000;
    static final long SEED = 20261122L;
    private static final int PROBES = 1 << 16;
    private static final int MASK = PROBES - 1;

    /** The CRL, its issuer and serials to look up. */
    @State(Scope.Benchmark)
    public static class Generated {
        TestCertificate issuer;
        PublicKey issuerKey;
        BenchCrls.Generated crl;
        /** Serials the CRL lists (DER contents), with their index in the CRL, and serials it does not list. */
        byte[][] present;
        int[] presentIndex;
        byte[][] absent;
        CertificateFactory factory;

        @Setup(Level.Trial)
        public void generate() throws Exception {
            issuer = largeCrlIssuer();
            issuerKey = issuer.certificate().getPublicKey();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            crl = BenchCrls.generate(issuer, ENTRIES, SEED, now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(7)));
            SplittableRandom random = new SplittableRandom(SEED + 1);
            present = new byte[PROBES][];
            presentIndex = new int[PROBES];
            absent = new byte[PROBES][];
            for (int i = 0; i < PROBES; i++) {
                presentIndex[i] = random.nextInt(ENTRIES);
                present[i] = crl.serials()[presentIndex[i]].clone();
                absent[i] = BenchCrls.randomSerial(random).toByteArray();
            }
            factory = CertificateFactory.getInstance("X.509");
            System.out.printf("%nCRL: %,d entries, %,d bytes of DER%n", crl.size(), crl.der().length);
        }
    }

    /** certgate's parsed CRL, checked against the generated entries. */
    @State(Scope.Benchmark)
    public static class CertgateLookup {
        CrlBenchmarkAccess crl;
        DistinguishedName issuer;
        byte[][] present;
        byte[][] absent;
        int next;

        @Setup(Level.Trial)
        public void setup(Generated g) throws Exception {
            crl = CrlBenchmarkAccess.parse(g.crl.der());
            check(crl.isSignedBy(g.issuerKey), "certgate: the signature does not verify");
            check(crl.size() == ENTRIES, "certgate: " + crl.size() + " entries");
            issuer = DistinguishedName.fromDer(g.issuer.certificate().getSubjectX500Principal().getEncoded());
            present = g.present;
            absent = g.absent;
            for (int i = 0; i < PROBES; i++) {
                long hit = crl.lookup(present[i], issuer);
                int k = g.presentIndex[i];
                check(hit != -1 && CrlBenchmarkAccess.reason(hit) == g.crl.reasons()[k]
                        && CrlBenchmarkAccess.revocationTime(hit) == g.crl.times()[k], "certgate: wrong entry " + k);
                check(crl.lookup(absent[i], issuer) == -1, "certgate: absent serial found");
            }
        }
    }

    /** The JDK's parsed CRL (entries materialized), checked against the generated entries. */
    @State(Scope.Benchmark)
    public static class JdkLookup {
        X509CRL crl;
        BigInteger[] present;
        BigInteger[] absent;
        int next;

        @Setup(Level.Trial)
        public void setup(Generated g) throws Exception {
            crl = jdkLoad(g);
            present = new BigInteger[PROBES];
            absent = new BigInteger[PROBES];
            for (int i = 0; i < PROBES; i++) {
                present[i] = new BigInteger(g.present[i]);
                absent[i] = new BigInteger(g.absent[i]);
                X509CRLEntry entry = crl.getRevokedCertificate(present[i]);
                int k = g.presentIndex[i];
                check(entry != null && entry.getRevocationDate().getTime() == g.crl.times()[k] * 1000
                        && (g.crl.reasons()[k] < 0 ? entry.getRevocationReason() == null
                        : entry.getRevocationReason().ordinal() == g.crl.reasons()[k]), "JDK: wrong entry " + k);
                check(crl.getRevokedCertificate(absent[i]) == null, "JDK: absent serial found");
            }
            check(crl.getRevokedCertificates().size() == ENTRIES, "JDK: " + crl.getRevokedCertificates().size()
                    + " entries");
        }
    }

    /** Checks that the JDK's CertificateFactory parses the same bytes again rather than returning a cached CRL. */
    @State(Scope.Benchmark)
    public static class JdkNotCached {
        @Setup(Level.Trial)
        public void setup(Generated g) throws Exception {
            X509CRL first = jdkLoad(g);
            check(first != jdkLoad(g), "the JDK's CertificateFactory returned a cached CRL");
        }
    }

    /** Collects the previous iteration's garbage, so that a load does not pay for it. */
    @State(Scope.Benchmark)
    public static class CleanHeap {
        @Setup(Level.Iteration)
        public void gc() {
            System.gc();
            System.gc();
        }
    }

    /** The issuing CA that signs the large CRL (EC P-256). */
    static TestCertificate largeCrlIssuer() {
        TestCertificate root = TestCertificate.builder().subject("CN=Bench Root CA,O=Example Corp").ca(1).build();
        return TestCertificate.builder().subject("CN=Bench Issuing CA,O=Example Corp").ca(0).signedBy(root).build();
    }

    /** What the JDK does with a new CRL before a lookup: parse, verify, and find a serial. */
    static X509CRL jdkLoad(Generated g) throws Exception {
        X509CRL crl = (X509CRL) g.factory.generateCRL(new ByteArrayInputStream(g.crl.der()));
        crl.verify(g.issuerKey);
        check(crl.getRevokedCertificate(new BigInteger(g.present[0])) != null, "JDK: listed serial not found");
        return crl;
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    // ---- load -------------------------------------------------------------------------------------------------

    /** certgate: parse into the serial index and verify the signature with the issuer's key. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public CrlBenchmarkAccess loadCertgate(Generated g, CleanHeap clean) throws Exception {
        CrlBenchmarkAccess crl = CrlBenchmarkAccess.parse(g.crl.der());
        if (!crl.isSignedBy(g.issuerKey)) {
            throw new IllegalStateException("signature does not verify");
        }
        return crl;
    }

    /** The JDK: {@code generateCRL}, {@code verify} and one {@code getRevokedCertificate}. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public X509CRL loadJdk(Generated g, CleanHeap clean, JdkNotCached notCached) throws Exception {
        return jdkLoad(g);
    }

    // ---- lookup -----------------------------------------------------------------------------------------------

    @Benchmark
    public long lookupPresentCertgate(CertgateLookup s) {
        return s.crl.lookup(s.present[s.next++ & MASK], s.issuer);
    }

    @Benchmark
    public long lookupAbsentCertgate(CertgateLookup s) {
        return s.crl.lookup(s.absent[s.next++ & MASK], s.issuer);
    }

    @Benchmark
    public X509CRLEntry lookupPresentJdk(JdkLookup s) {
        return s.crl.getRevokedCertificate(s.present[s.next++ & MASK]);
    }

    @Benchmark
    public X509CRLEntry lookupAbsentJdk(JdkLookup s) {
        return s.crl.getRevokedCertificate(s.absent[s.next++ & MASK]);
    }
}
