package io.certgate.core.revocation;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counters of a revocation checker, for monitoring: its cache, its fetches and the answers it could not use. An
 * immutable snapshot.
 *
 * @param hits            lookups answered from the cache
 * @param misses          lookups that had to load (the first for a certificate, or after expiry)
 * @param refreshes       background refreshes started for entries in use
 * @param failedRefreshes refreshes that failed; the old answer was kept while valid
 * @param entries         statuses held now
 * @param ocsp            the OCSP requests sent
 * @param crl             the CRL downloads attempted
 * @param unknown         loads of a status (a miss or a refresh; with a checker without cache, every check) that
 *                        ended UNKNOWN, by cause: the failed fetches again, and answers that arrived but were
 *                        rejected (bad signature, stale, no matching response …). Every {@link UnknownCause} is
 *                        present, zero when it never occurred. {@link UnknownCause#NO_ISSUER} is found before any
 *                        load and is not counted here
 * @param keptCrlBytes    the bytes of the verified CRL downloads kept now, for the whole JVM: at most
 *                        {@code revocation.crl.cache.max-bytes}
 * @param parsedCrlBytes  the estimated heap of the parsed CRLs held now, for the whole JVM: at most
 *                        {@code revocation.crl.cache.max-bytes}
 */
public record RevocationStatistics(long hits, long misses, long refreshes, long failedRefreshes, long entries,
                                   FetchStatistics ocsp, FetchStatistics crl, Map<UnknownCause, Long> unknown,
                                   long keptCrlBytes, long parsedCrlBytes) {
    public RevocationStatistics {
        Objects.requireNonNull(ocsp, "ocsp");
        Objects.requireNonNull(crl, "crl");
        Map<UnknownCause, Long> all = new EnumMap<>(UnknownCause.class);
        for (UnknownCause c : UnknownCause.values()) {
            all.put(c, 0L);
        }
        Objects.requireNonNull(unknown, "unknown").forEach((cause, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("unknown answers of " + cause + " must not be negative: [" + count + "]");
            }
            all.put(Objects.requireNonNull(cause, "cause"), count);
        });
        unknown = Collections.unmodifiableMap(all);
    }

    /** All zero: for a gate that checks no revocation. */
    public static RevocationStatistics none() {
        return new RevocationStatistics(0, 0, 0, 0, 0, FetchStatistics.none(), FetchStatistics.none(), Map.of(), 0, 0);
    }

    /** OCSP requests sent; {@code ocsp().fetches()}. */
    public long ocspFetches() {
        return ocsp.fetches();
    }

    /** OCSP requests that brought no response (unreachable, timeout, HTTP error, too large); {@code ocsp().failed()}. */
    public long ocspFetchFailures() {
        return ocsp.failed();
    }

    /** CRL downloads attempted; {@code crl().fetches()}. */
    public long crlFetches() {
        return crl.fetches();
    }

    /** CRL downloads that failed; {@code crl().failed()}. */
    public long crlFetchFailures() {
        return crl.failed();
    }

    /** Total time spent in fetches of both kinds. */
    public Duration fetchTime() {
        return ocsp.totalTime().plus(crl.totalTime());
    }

    /** The mean time of one fetch of either kind, zero when there was none. */
    public Duration meanFetchTime() {
        long n = ocsp.fetches() + crl.fetches();
        return n == 0 ? Duration.ZERO : fetchTime().dividedBy(n);
    }
}
