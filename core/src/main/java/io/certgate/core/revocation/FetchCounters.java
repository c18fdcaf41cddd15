package io.certgate.core.revocation;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind one {@link FetchStatistics}. Thread-safe. */
final class FetchCounters {
    private final LongAdder fetches = new LongAdder();
    private final LongAdder[] failures = new LongAdder[UnknownCause.values().length];
    private final LongAdder nanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    FetchCounters() {
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new LongAdder();
        }
    }

    /** Counts one fetch that took {@code elapsedNanos} and ended with {@code result}. */
    void count(long elapsedNanos, HttpFetcher.Result result) {
        fetches.increment();
        nanos.add(elapsedNanos);
        maxNanos.accumulate(elapsedNanos);
        if (!result.ok()) {
            // HttpFetcher fails with the causes of FetchStatistics.CAUSES only.
            UnknownCause cause = result.failure().cause().filter(FetchStatistics.CAUSES::contains)
                    .orElse(UnknownCause.UNREACHABLE);
            failures[cause.ordinal()].increment();
        }
    }

    /**
     * Counts a fetch, already counted by {@link #count}, as failed after all: its answer was dropped as unusable
     * ({@link UnknownCause#MALFORMED} or {@link UnknownCause#BAD_SIGNATURE}).
     */
    void failed(UnknownCause cause) {
        failures[cause.ordinal()].increment();
    }

    FetchStatistics snapshot() {
        Map<UnknownCause, Long> byCause = new EnumMap<>(UnknownCause.class);
        for (UnknownCause c : FetchStatistics.CAUSES) {
            byCause.put(c, failures[c.ordinal()].sum());
        }
        return new FetchStatistics(fetches.sum(), byCause, Duration.ofNanos(nanos.sum()), Duration.ofNanos(maxNanos.get()));
    }
}
