package io.certgate.core.revocation;

/**
 * Counters of a revocation checker's cache, for monitoring.
 *
 * @param hits            lookups answered from the cache
 * @param misses          lookups that had to load (the first for a certificate, or after expiry)
 * @param refreshes       background refreshes started for entries in use
 * @param failedRefreshes refreshes that failed; the old answer was kept while valid
 * @param entries         statuses held now
 */
public record RevocationStatistics(long hits, long misses, long refreshes, long failedRefreshes, long entries) {
}
