package io.certgate.core.revocation;

import java.time.Duration;

/**
 * Counters of a revocation checker, for monitoring: its cache and its fetches.
 *
 * @param hits               lookups answered from the cache
 * @param misses             lookups that had to load (the first for a certificate, or after expiry)
 * @param refreshes          background refreshes started for entries in use
 * @param failedRefreshes    refreshes that failed; the old answer was kept while valid
 * @param entries            statuses held now
 * @param ocspFetches        OCSP requests sent
 * @param ocspFetchFailures  OCSP requests that brought no response (unreachable, timeout, HTTP error, too large)
 * @param crlFetches         CRL downloads attempted
 * @param crlFetchFailures   CRL downloads that failed
 * @param fetchTime          total time spent in fetches, for the mean latency
 */
public record RevocationStatistics(long hits, long misses, long refreshes, long failedRefreshes, long entries,
                                   long ocspFetches, long ocspFetchFailures, long crlFetches, long crlFetchFailures,
                                   Duration fetchTime) {

    /** All zero: for a gate that checks no revocation. */
    public static RevocationStatistics none() {
        return new RevocationStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO);
    }

    /** The mean time of one fetch, zero when there was none. */
    public Duration meanFetchTime() {
        long n = ocspFetches + crlFetches;
        return n == 0 ? Duration.ZERO : fetchTime.dividedBy(n);
    }
}
