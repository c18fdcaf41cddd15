package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CRLs downloaded from distribution points, by URL: a CRL is kept until its nextUpdate (at most
 * {@code revocation.cache.max-ttl}), so every certificate of a CA shares one download; concurrent requests for
 * one URL share one fetch; a failed download is remembered for {@link StatusCache#FIRST_BACKOFF}. Thread-safe.
 */
final class CrlDownloads {
    /** A download: the bytes, or the failure. */
    record Download(byte[] der, RevocationStatus failure, Instant expiresAt) {
    }

    private final HttpFetcher fetcher;
    private final Clock clock;
    private final Cache<URI, Download> downloads;
    private final ConcurrentHashMap<URI, CompletableFuture<Download>> loading = new ConcurrentHashMap<>();
    private final FetchCounters counters = new FetchCounters();

    CrlDownloads(HttpFetcher fetcher, Clock clock, RevocationSettings settings) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.downloads = Caffeine.newBuilder()
                .maximumSize(1_000)
                .ticker(ClockExpiry.ticker(clock))
                .expireAfter(ClockExpiry.<URI, Download>at(clock, Download::expiresAt))
                .executor(Runnable::run)
                .build();
    }


    Download get(URI uri, RevocationSettings settings, Deadline deadline) {
        Download cached = downloads.getIfPresent(uri);
        if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
            return cached;
        }
        CompletableFuture<Download> mine = new CompletableFuture<>();
        CompletableFuture<Download> running = loading.putIfAbsent(uri, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Download d = fetch(uri, settings, deadline);
            downloads.put(uri, d);
            mine.complete(d);
            return d;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(uri, mine);
        }
    }

    FetchStatistics statistics() {
        return counters.snapshot();
    }

    private Download fetch(URI uri, RevocationSettings settings, Deadline deadline) {
        long start = System.nanoTime();
        HttpFetcher.Result r = fetcher.fetch(uri, null, null, settings.maxCrlBytes(), deadline, RevocationStatus.Source.CRL);
        counters.count(System.nanoTime() - start, r);
        Instant now = clock.instant();
        if (!r.ok()) {
            return new Download(null, r.failure(), now.plus(StatusCache.FIRST_BACKOFF));
        }
        ParsedCrls.Parsed parsed = ParsedCrls.SHARED.get(r.body());
        Instant cap = now.plus(settings.cacheMaxTtl());
        Instant until = parsed.crl() == null ? now.plus(StatusCache.FIRST_BACKOFF)
                : parsed.crl().nextUpdate().filter(n -> n.isBefore(cap)).orElse(cap);
        if (!until.isAfter(now)) {
            // Already past its nextUpdate: keep it only briefly, so a fixed CRL is fetched soon.
            until = now.plus(StatusCache.FIRST_BACKOFF);
        }
        return new Download(r.body(), null, until);
    }
}
