package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CRLs downloaded from distribution points, by URL. A download is handed out unverified and kept (in
 * {@link KeptCrls}, until its nextUpdate, at most {@code revocation.cache.max-ttl}) only once a check reports that
 * it verified, so every certificate of a CA shares one authentic download and a forged one is never served again.
 * A download that does not verify is dropped, counted as a failed fetch and remembered, like a failed fetch, for
 * {@link StatusCache#FIRST_BACKOFF}. Concurrent requests for one URL share one fetch, and the download it brought
 * until its verdict (at most {@code revocation.timeout}): each check verifies it for itself. Thread-safe.
 */
final class CrlDownloads {
    /** A download: the bytes, or the failure. */
    record Download(byte[] der, RevocationStatus failure) {
    }

    private record Failure(RevocationStatus status, Instant until) {
    }

    /**
     * A download handed out and not yet verified: where it came from and until when it may be kept once verified.
     * It must not reference the bytes, its weak key.
     */
    private static final class Pending {
        final URI uri;
        final Instant keepUntil;
        boolean rejected;

        Pending(URI uri, Instant keepUntil) {
            this.uri = uri;
            this.keepUntil = keepUntil;
        }
    }

    /** A download awaiting its verdict, shared until {@code until} by checks that start meanwhile. */
    private record Unsettled(byte[] der, Pending pending, Instant until) {
    }

    private final HttpFetcher fetcher;
    private final Clock clock;
    private final KeptCrls kept;
    private final ParsedCrls parsedCrls;
    private final Cache<URI, Failure> failures;
    /** Weak keys compare by identity: the very array handed out; a download nobody holds is forgotten. */
    private final Cache<byte[], Pending> pending = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    /** The download of each URL awaiting its verdict, shared like a fetch in flight. */
    private final Cache<URI, Unsettled> unsettled;
    private final ConcurrentHashMap<URI, CompletableFuture<Download>> loading = new ConcurrentHashMap<>();
    private final FetchCounters counters = new FetchCounters();

    CrlDownloads(HttpFetcher fetcher, Clock clock, KeptCrls kept, ParsedCrls parsedCrls) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.kept = kept;
        this.parsedCrls = parsedCrls;
        this.failures = Caffeine.newBuilder()
                .maximumSize(1_000)
                .ticker(ClockExpiry.ticker(clock))
                .expireAfter(ClockExpiry.<URI, Failure>at(clock, Failure::until))
                .executor(Runnable::run)
                .build();
        this.unsettled = Caffeine.newBuilder()
                .maximumSize(1_000)
                .ticker(ClockExpiry.ticker(clock))
                .expireAfter(ClockExpiry.<URI, Unsettled>at(clock, Unsettled::until))
                .executor(Runnable::run)
                .build();
    }

    Download get(URI uri, RevocationSettings settings, Deadline deadline) {
        Instant now = clock.instant();
        KeptCrls.Kept k = kept.get(uri, now);
        if (k != null) {
            return new Download(k.der(), null);
        }
        Failure f = failures.getIfPresent(uri);
        if (f != null && now.isBefore(f.until())) {
            return new Download(null, f.status());
        }
        Unsettled u = unsettled.getIfPresent(uri);
        if (u != null && now.isBefore(u.until())) {
            return new Download(u.der(), null);
        }
        CompletableFuture<Download> mine = new CompletableFuture<>();
        CompletableFuture<Download> running = loading.putIfAbsent(uri, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Download d = fetch(uri, settings, deadline);
            mine.complete(d);
            return d;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(uri, mine);
        }
    }

    /** Keeps {@code der} if it is a download not yet kept: it verified for some certificate. */
    void verified(byte[] der) {
        Pending p = pending.getIfPresent(der);
        if (p == null) {
            return;
        }
        pending.invalidate(der);
        settle(p);
        failures.invalidate(p.uri);
        kept.keep(p.uri, der, p.keepUntil);
    }

    /**
     * Drops {@code der} if it is a download not yet kept: it did not verify. Its URL is backed off and the fetch
     * counted as failed, once per download, unless another download from that URL verified meanwhile.
     */
    void rejected(byte[] der, RevocationStatus why) {
        Pending p = pending.getIfPresent(der);
        if (p == null) {
            return;
        }
        synchronized (p) {
            if (p.rejected) {
                return;
            }
            p.rejected = true;
        }
        settle(p);
        counters.failed(why.cause().filter(c -> c == UnknownCause.BAD_SIGNATURE).orElse(UnknownCause.MALFORMED));
        Instant now = clock.instant();
        if (kept.get(p.uri, now) == null) {
            failures.put(p.uri, new Failure(RevocationStatus.unknown(RevocationStatus.Source.CRL,
                    why.cause().orElse(UnknownCause.INVALID), "the CRL downloaded from " + p.uri + " " + why.detail()
                            + "; not kept, asked again after " + StatusCache.FIRST_BACKOFF.toSeconds() + " s"),
                    now.plus(StatusCache.FIRST_BACKOFF)));
        }
    }

    private void settle(Pending p) {
        unsettled.asMap().computeIfPresent(p.uri, (uri, u) -> u.pending() == p ? null : u);
    }

    FetchStatistics statistics() {
        return counters.snapshot();
    }

    long keptBytes() {
        return kept.bytes();
    }

    private Download fetch(URI uri, RevocationSettings settings, Deadline deadline) {
        long start = System.nanoTime();
        HttpFetcher.Result r = fetcher.fetch(uri, null, null, settings.maxCrlBytes(), deadline, RevocationStatus.Source.CRL);
        counters.count(System.nanoTime() - start, r);
        Instant now = clock.instant();
        if (!r.ok()) {
            failures.put(uri, new Failure(r.failure(), now.plus(StatusCache.FIRST_BACKOFF)));
            return new Download(null, r.failure());
        }
        ParsedCrls.Parsed parsed = parsedCrls.get(r.body());
        Instant cap = now.plus(settings.cacheMaxTtl());
        Instant until = parsed.crl() == null ? now : parsed.crl().nextUpdate().filter(n -> n.isBefore(cap)).orElse(cap);
        if (!until.isAfter(now)) {
            // Already past its nextUpdate: keep it only briefly, so a fixed CRL is fetched soon.
            until = now.plus(StatusCache.FIRST_BACKOFF);
        }
        Pending p = new Pending(uri, until);
        pending.put(r.body(), p);
        unsettled.put(uri, new Unsettled(r.body(), p, now.plus(settings.timeout())));
        return new Download(r.body(), null);
    }
}
