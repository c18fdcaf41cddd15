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
     * A download handed out and not yet verified: where it came from, until when it may be kept once verified, and
     * until when checks that start meanwhile share it rather than fetch again.
     */
    private static final class Pending {
        final URI uri;
        final byte[] der;
        final Instant keepUntil;
        final Instant shareUntil;
        boolean rejected;

        Pending(URI uri, byte[] der, Instant keepUntil, Instant shareUntil) {
            this.uri = uri;
            this.der = der;
            this.keepUntil = keepUntil;
            this.shareUntil = shareUntil;
        }
    }

    private final HttpFetcher fetcher;
    private final Clock clock;
    private final KeptCrls kept;
    private final Cache<URI, Failure> failures;
    /** Weak keys compare by identity: the very array handed out; a download nobody holds is forgotten. */
    private final Cache<byte[], Pending> pending = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    /** The download of each URL awaiting its verdict, shared like a fetch in flight. */
    private final ConcurrentHashMap<URI, Pending> unsettled = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<URI, CompletableFuture<Download>> loading = new ConcurrentHashMap<>();
    private final FetchCounters counters = new FetchCounters();

    CrlDownloads(HttpFetcher fetcher, Clock clock, KeptCrls kept) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.kept = kept;
        this.failures = Caffeine.newBuilder()
                .maximumSize(1_000)
                .ticker(ClockExpiry.ticker(clock))
                .expireAfter(ClockExpiry.<URI, Failure>at(clock, Failure::until))
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
        Pending u = unsettled.get(uri);
        if (u != null) {
            if (now.isBefore(u.shareUntil)) {
                return new Download(u.der, null);
            }
            unsettled.remove(uri, u);
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
        unsettled.remove(p.uri, p);
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
        unsettled.remove(p.uri, p);
        counters.failed(why.cause().filter(c -> c == UnknownCause.BAD_SIGNATURE).orElse(UnknownCause.MALFORMED));
        Instant now = clock.instant();
        if (kept.get(p.uri, now) == null) {
            failures.put(p.uri, new Failure(RevocationStatus.unknown(RevocationStatus.Source.CRL,
                    why.cause().orElse(UnknownCause.INVALID), "the CRL downloaded from " + p.uri + " " + why.detail()
                            + "; not kept, asked again after " + StatusCache.FIRST_BACKOFF.toSeconds() + " s"),
                    now.plus(StatusCache.FIRST_BACKOFF)));
        }
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
        ParsedCrls.Parsed parsed = ParsedCrls.SHARED.get(r.body());
        Instant cap = now.plus(settings.cacheMaxTtl());
        Instant until = parsed.crl() == null ? now : parsed.crl().nextUpdate().filter(n -> n.isBefore(cap)).orElse(cap);
        if (!until.isAfter(now)) {
            // Already past its nextUpdate: keep it only briefly, so a fixed CRL is fetched soon.
            until = now.plus(StatusCache.FIRST_BACKOFF);
        }
        Pending p = new Pending(uri, r.body(), until, now.plus(settings.timeout()));
        pending.put(r.body(), p);
        unsettled.put(uri, p);
        return new Download(r.body(), null);
    }
}
