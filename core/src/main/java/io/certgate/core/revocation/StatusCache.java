package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Revocation statuses by (issuer key, serial). An answer lives until its own nextUpdate (or the max-age bound
 * when it has none), never longer, and at most {@code revocation.cache.max-ttl}; the cache is bounded by
 * {@code revocation.cache.max-entries}.
 *
 * <p>Concurrent lookups of the same key share one load, which runs outside any lock of the map. An entry in use is refreshed in the background once
 * three quarters of its life have passed, so warm clients never wait; a failed refresh keeps the old answer
 * only while it is itself valid. UNKNOWN answers are kept briefly, with exponential backoff, so a failing
 * responder is not hammered. Time comes from the injected clock, so tests never sleep.
 */
final class StatusCache {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /**
     * The cache key: the issuer's public key (SubjectPublicKeyInfo DER) and the serial number. The hash is computed
     * once: a lookup and its load hash the key several times.
     */
    static final class Key {
        private final byte[] issuerKey;
        private final BigInteger serial;
        private final int hash;

        Key(byte[] issuerKey, BigInteger serial) {
            this.issuerKey = issuerKey;
            this.serial = serial;
            this.hash = 31 * Arrays.hashCode(issuerKey) + serial.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && serial.equals(k.serial)
                    && Arrays.equals(issuerKey, k.issuerKey);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "serial " + serial.toString(16);
        }
    }

    private static final class Entry {
        final RevocationStatus status;
        final Instant expiresAt;
        volatile Instant refreshAt;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(RevocationStatus status, Instant loadedAt, Instant expiresAt) {
            this.status = status;
            this.expiresAt = expiresAt;
            this.refreshAt = status.status() == RevocationStatus.Status.UNKNOWN ? Instant.MAX
                    : loadedAt.plus(Duration.between(loadedAt, expiresAt).multipliedBy(3).dividedBy(4));
        }
    }

    private final RevocationSettings settings;
    private final Clock clock;
    private final Executor refresher;
    private final Cache<Key, Entry> cache;
    private final ConcurrentHashMap<Key, CompletableFuture<RevocationStatus>> loading = new ConcurrentHashMap<>();
    /** Consecutive failures per key; outlives the short-lived UNKNOWN entries so backoff can grow. */
    private final Cache<Key, Integer> failures;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder failedRefreshes = new LongAdder();

    StatusCache(RevocationSettings settings, Clock clock, Executor refresher) {
        this.settings = settings;
        this.clock = clock;
        this.refresher = refresher;
        com.github.benmanes.caffeine.cache.Ticker ticker = ClockExpiry.ticker(clock);
        this.failures = Caffeine.newBuilder()
                .maximumSize(settings.cacheMaxEntries())
                .ticker(ticker)
                .expireAfterWrite(MAX_BACKOFF.multipliedBy(2))
                .executor(Runnable::run)
                .build();
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.cacheMaxEntries())
                .ticker(ticker)
                .expireAfter(ClockExpiry.<Key, Entry>at(clock, e -> e.expiresAt))
                .executor(Runnable::run)
                .build();
    }


    /**
     * The cached status for the key, or the loader's answer (one load for concurrent callers of one key).
     * The loader must not throw.
     */
    RevocationStatus get(Key key, Supplier<RevocationStatus> loader) {
        Instant now = clock.instant();
        Entry e = cache.getIfPresent(key);
        if (e != null && now.isBefore(e.expiresAt)) {
            hits.increment();
            maybeRefresh(key, e, now, loader);
            return e.status;
        }
        misses.increment();
        // One load per key, outside any map lock: a hung responder must not hold up other keys.
        CompletableFuture<RevocationStatus> mine = new CompletableFuture<>();
        CompletableFuture<RevocationStatus> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Entry fresh = cache.getIfPresent(key);
            if (fresh == null || !clock.instant().isBefore(fresh.expiresAt)) {
                fresh = entry(key, loader.get(), clock.instant());
                cache.put(key, fresh);
            }
            mine.complete(fresh.status);
            return fresh.status;
        } catch (RuntimeException | Error failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            loading.remove(key, mine);
        }
    }

    private void maybeRefresh(Key key, Entry e, Instant now, Supplier<RevocationStatus> loader) {
        if (now.isBefore(e.refreshAt) || !e.refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            refreshes.increment();
            refresher.execute(() -> refresh(key, e, loader));
        } catch (RejectedExecutionException full) {
            // The gate's refreshes are backed up (its responder hangs) or it is stopping: the answer is used until it
            // expires, and then loaded by a lookup.
            e.refreshing.set(false);
        }
    }

    private void refresh(Key key, Entry e, Supplier<RevocationStatus> loader) {
        if (cache.getIfPresent(key) != e || !clock.instant().isBefore(e.expiresAt)) {
            // The answer expired or was replaced while this refresh waited for a thread (a hung responder holds
            // the refresher's threads up to the timeout each): a lookup has loaded it or will. Asking now would
            // be a second request for one refresh.
            e.refreshing.set(false);
            return;
        }
        RevocationStatus fresh;
        try {
            fresh = loader.get();
        } catch (RuntimeException ex) {
            fresh = RevocationStatus.unknown(RevocationStatus.Source.NONE, UnknownCause.INVALID, "refresh failed: " + ex);
        }
        Instant t = clock.instant();
        if (fresh.status() == RevocationStatus.Status.UNKNOWN) {
            // Keep the old answer while it is valid; try again after a backoff that grows with each failure.
            failedRefreshes.increment();
            int n = failures.asMap().merge(key, 1, Integer::sum);
            e.refreshAt = min(t.plus(backoff(n)), e.expiresAt);
            e.refreshing.set(false);
            return;
        }
        cache.asMap().replace(key, e, entry(key, fresh, t));
    }

    private Entry entry(Key key, RevocationStatus status, Instant now) {
        if (status.status() == RevocationStatus.Status.UNKNOWN) {
            int n = failures.asMap().merge(key, 1, Integer::sum);
            return new Entry(status, now, now.plus(backoff(n)));
        }
        failures.invalidate(key);
        return new Entry(status, now, expiry(status, now));
    }

    /** When a GOOD or REVOKED answer stops being usable. */
    Instant expiry(RevocationStatus status, Instant now) {
        if (status.status() == RevocationStatus.Status.REVOKED && !"certificateHold".equals(status.reason().orElse(null))) {
            // Revocation is permanent (RFC 5280 §3.3): a REVOKED answer stays true after its nextUpdate.
            return now.plus(settings.cacheMaxTtl());
        }
        Instant thisUpdate = status.thisUpdate().orElse(now);
        Instant end = status.nextUpdate().orElse(null);
        java.util.Optional<Duration> maxAge = settings.maxAgeFor(end != null);
        if (maxAge.isPresent()) {
            Instant bound = thisUpdate.plus(maxAge.get());
            end = end == null ? bound : min(end, bound);
        }
        return min(end, now.plus(settings.cacheMaxTtl()));
    }

    static Duration backoff(int failures) {
        Duration d = FIRST_BACKOFF;
        for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    Clock clock() {
        return clock;
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long refreshes() {
        return refreshes.sum();
    }

    long failedRefreshes() {
        return failedRefreshes.sum();
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
