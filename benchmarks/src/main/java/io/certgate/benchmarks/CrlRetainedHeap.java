package io.certgate.benchmarks;

import io.certgate.core.revocation.CrlBenchmarkAccess;
import io.certgate.core.testing.TestCertificate;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap a parsed million-entry CRL keeps, certgate's against the JDK's. Not a JMH benchmark: run it with
 * {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar io.certgate.benchmarks.CrlRetainedHeap [rounds]}.
 *
 * <p>Method: the CRL of {@link LargeCrlBenchmark} (same generator and seed) is generated first and its DER kept for
 * the whole run, so it is part of every baseline. Each measurement settles the heap (full {@code System.gc()} until
 * the used heap changes by less than 64 KB between two collections, at least 3 and at most 10 times), reads the used
 * heap from {@link MemoryMXBean}, loads the CRL, settles the heap again and reads it again, while the loaded object
 * is still referenced. The difference is the retained size. certgate's load is parse plus signature verification;
 * the JDK's is {@code generateCRL}, {@code verify} and one {@code getRevokedCertificate}, so that its entries are
 * materialized as for any lookup. Both are loaded once beforehand so that class loading and static state do not
 * count, and the measurement is repeated ({@code rounds}, default 3), alternating, and each loaded object dropped
 * before the next measurement.
 *
 * <p>Error: the used-heap figure after a full collection counts whole G1 humongous regions for large arrays (the
 * tail of the last region of each, at most one region per array: 2 MB with a 4 GB heap), and anything the JVM
 * allocates meanwhile (a few hundred KB at most); an idle step (settle, read, settle, read with nothing loaded) shows
 * that noise, and the rounds show the spread.
 */
public final class CrlRetainedHeap {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final double MB = 1024.0 * 1024.0;

    private CrlRetainedHeap() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        TestCertificate issuer = LargeCrlBenchmark.largeCrlIssuer();
        PublicKey key = issuer.certificate().getPublicKey();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BenchCrls.Generated generated = BenchCrls.generate(issuer, LargeCrlBenchmark.ENTRIES,
                LargeCrlBenchmark.SEED, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
        byte[] der = generated.der();
        BigInteger probe = new BigInteger(generated.serials()[0]);
        generated = null; // only the DER and one serial stay
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        System.out.printf("CRL: %,d entries, %,d bytes of DER (kept for the whole run, part of every baseline)%n",
                LargeCrlBenchmark.ENTRIES, der.length);
        System.out.printf("JVM: %s %s, max heap %,d MB, %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());

        // Warm-up: load classes and static state of both before measuring.
        certgate(der, key);
        jdk(factory, der, key, probe);

        List<Double> idle = new ArrayList<>();
        List<Double> certgate = new ArrayList<>();
        List<Double> jdk = new ArrayList<>();
        long estimate = 0;
        for (int r = 0; r < rounds; r++) {
            long before = settledUsedHeap();
            idle.add((settledUsedHeap() - before) / MB);

            before = settledUsedHeap();
            CrlBenchmarkAccess mine = certgate(der, key);
            long after = settledUsedHeap();
            Reference.reachabilityFence(mine);
            certgate.add((after - before) / MB);
            estimate = mine.retainedBytesEstimate();
            mine = null;

            before = settledUsedHeap();
            X509CRL theirs = jdk(factory, der, key, probe);
            after = settledUsedHeap();
            Reference.reachabilityFence(theirs);
            jdk.add((after - before) / MB);
            theirs = null;
            System.out.printf("round %d: idle %+.2f MB, certgate %.1f MB, JDK %.1f MB%n", r + 1,
                    idle.get(r), certgate.get(r), jdk.get(r));
        }
        System.out.printf("%ncertgate: %s MB retained (its own estimate, Crl.retainedBytes(): %.1f MB)%n",
                summary(certgate), estimate / MB);
        System.out.printf("JDK:      %s MB retained%n", summary(jdk));
        System.out.printf("idle:     %s MB (noise of the method)%n", summary(idle));
        System.out.printf("ratio:    the JDK keeps %.1fx what certgate keeps%n", mean(jdk) / mean(certgate));
    }

    private static CrlBenchmarkAccess certgate(byte[] der, PublicKey key) throws Exception {
        CrlBenchmarkAccess crl = CrlBenchmarkAccess.parse(der);
        if (!crl.isSignedBy(key)) {
            throw new IllegalStateException("certgate: the signature does not verify");
        }
        return crl;
    }

    private static X509CRL jdk(CertificateFactory factory, byte[] der, PublicKey key, BigInteger probe)
            throws Exception {
        X509CRL crl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(der));
        crl.verify(key);
        if (crl.getRevokedCertificate(probe) == null) {
            throw new IllegalStateException("JDK: listed serial not found");
        }
        return crl;
    }

    /** Full collections until the used heap changes by less than 64 KB (at least 3, at most 10); the used heap. */
    private static long settledUsedHeap() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String summary(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format("mean %.1f (min %.1f, max %.1f, %d rounds)", mean(values), min, max, values.size());
    }
}
