package io.certgate.benchmarks.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counts of one phase while it runs; thread-safe. */
final class Tally {
    private final String name;
    final LongAdder requests = new LongAdder();
    final LongAdder newConnections = new LongAdder();
    final LongAdder allowed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder transportErrors = new LongAdder();
    final LongAdder wrong = new LongAdder();
    final LongAdder warmServed = new LongAdder();
    final LongAdder coldRefused = new LongAdder();
    final LongAdder refusedAfterTimeout = new LongAdder();
    final LongAdder responderHits = new LongAdder();
    private final AtomicLong maxHitsPerStep = new AtomicLong();
    private final AtomicLong maxCacheEntries = new AtomicLong();
    private volatile long heapAfterGcMib;
    private final long start = System.nanoTime();

    Tally(String name) {
        this.name = name;
    }

    void hitsInStep(long mostForOneCertificate) {
        maxHitsPerStep.accumulateAndGet(mostForOneCertificate, Math::max);
    }

    void cacheEntries(long entries) {
        maxCacheEntries.accumulateAndGet(entries, Math::max);
    }

    void heapAfterGc(long mib) {
        heapAfterGcMib = mib;
    }

    PhaseResult result() {
        return new PhaseResult(name, requests.sum(), newConnections.sum(), allowed.sum(), refused.sum(),
                serverErrors.sum(), transportErrors.sum(), wrong.sum(), warmServed.sum(), coldRefused.sum(), refusedAfterTimeout.sum(),
                responderHits.sum(), maxHitsPerStep.get(), maxCacheEntries.get(), heapAfterGcMib,
                (System.nanoTime() - start) / 1_000_000_000);
    }
}
