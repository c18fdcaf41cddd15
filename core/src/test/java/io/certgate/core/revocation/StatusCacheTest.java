package io.certgate.core.revocation;

import io.certgate.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry, refresh-ahead, shared loads and backoff of the status cache, with a hand-moved clock. */
class StatusCacheTest {
    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    static final StatusCache.Key KEY = new StatusCache.Key(new byte[] {1, 2, 3}, BigInteger.TEN);

    final MutableClock clock = new MutableClock(T0);
    final Queue<Runnable> background = new ArrayDeque<>();
    final Executor queued = background::add;
    final AtomicInteger loads = new AtomicInteger();

    StatusCache cache(RevocationSettings settings) {
        return new StatusCache(settings, clock, queued);
    }

    Supplier<RevocationStatus> loader(Supplier<RevocationStatus> answer) {
        return () -> {
            loads.incrementAndGet();
            return answer.get();
        };
    }

    RevocationStatus good(Duration validFor) {
        return RevocationStatus.good(RevocationStatus.Source.OCSP, clock.instant(), clock.instant().plus(validFor), "good");
    }

    static RevocationStatus unknown() {
        return RevocationStatus.unknown(RevocationStatus.Source.OCSP, UnknownCause.UNREACHABLE, "down");
    }

    @Test
    void answersLiveUntilTheirNextUpdateAndNoLonger() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofHours(10)).build());
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(59));
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertEquals(1, loads.get());
        clock.advance(Duration.ofMinutes(1));
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertEquals(2, loads.get());
    }

    @Test
    void maxTtlCapsTheLifetime() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofMinutes(10)).build());
        cache.get(KEY, loader(() -> good(Duration.ofDays(7))));
        clock.advance(Duration.ofMinutes(10));
        cache.get(KEY, loader(() -> good(Duration.ofDays(7))));
        assertEquals(2, loads.get());
    }

    @Test
    void anAnswerWithoutNextUpdateLivesWithinTheMaxAge() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofDays(30)).maxAge(Duration.ofHours(2)).build());
        Instant issued = T0.minus(Duration.ofHours(1));
        RevocationStatus s = RevocationStatus.good(RevocationStatus.Source.OCSP, issued, null, "no nextUpdate");
        assertEquals(issued.plus(Duration.ofHours(2)), cache.expiry(s, T0));
    }

    @Test
    void refreshAheadHappensInTheBackgroundWhileTheOldAnswerIsServed() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofHours(10)).build());
        RevocationStatus first = cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(46));
        RevocationStatus served = cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertSame(first, served);
        assertEquals(1, loads.get(), "the request did not wait for the refresh");
        assertEquals(1, background.size());
        background.poll().run();
        assertEquals(2, loads.get());
        clock.advance(Duration.ofMinutes(30));
        RevocationStatus refreshed = cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertEquals(T0.plus(Duration.ofMinutes(46)), refreshed.thisUpdate().orElseThrow());
        assertEquals(2, loads.get());
        assertEquals(1, cache.refreshes());
    }

    @Test
    void aRefreshThatWaitedPastTheAnswersExpiryAsksNothing() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofHours(10)).build());
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(46));
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertEquals(1, background.size(), "a refresh waits for a thread");
        clock.advance(Duration.ofMinutes(15));
        RevocationStatus reloaded = cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertEquals(2, loads.get(), "the expired answer was loaded again by the lookup");
        background.poll().run();
        assertEquals(2, loads.get(), "the late refresh asked the responder a second time");
        assertSame(reloaded, cache.get(KEY, loader(() -> good(Duration.ofHours(1)))));
        clock.advance(Duration.ofMinutes(46));
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        background.poll().run();
        assertEquals(3, loads.get(), "the new answer is refreshed in its turn");
    }

    @Test
    void aFailedRefreshKeepsTheOldAnswerOnlyUntilItExpires() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofHours(10)).build());
        RevocationStatus first = cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(50));
        assertSame(first, cache.get(KEY, loader(StatusCacheTest::unknown)));
        background.poll().run();
        assertEquals(1, cache.failedRefreshes());
        clock.advance(Duration.ofMinutes(9));
        assertSame(first, cache.get(KEY, loader(StatusCacheTest::unknown)), "still valid, still served");
        clock.advance(Duration.ofMinutes(1));
        RevocationStatus after = cache.get(KEY, loader(StatusCacheTest::unknown));
        assertEquals(RevocationStatus.Status.UNKNOWN, after.status(), "never past nextUpdate");
    }

    @Test
    void failedRefreshesBackOffExponentiallyAndASuccessResetsTheBackoff() {
        StatusCache cache = cache(RevocationSettings.builder().cacheMaxTtl(Duration.ofHours(10)).build());
        cache.get(KEY, loader(() -> good(Duration.ofHours(4))));
        clock.advance(Duration.ofHours(3));
        List<Duration> gaps = new ArrayList<>();
        Instant last = null;
        for (int step = 0; step < 3 * 60 && gaps.size() < 5; step++) {
            cache.get(KEY, loader(StatusCacheTest::unknown));
            Runnable refresh = background.poll();
            if (refresh != null) {
                refresh.run();
                if (last != null) {
                    gaps.add(Duration.between(last, clock.instant()));
                }
                last = clock.instant();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80)), gaps, "a fleet's retries thin out during an outage");
        clock.advance(Duration.ofMinutes(5));
        cache.get(KEY, loader(() -> good(Duration.ofHours(4))));
        background.poll().run();
        clock.advance(Duration.ofHours(3));
        cache.get(KEY, loader(StatusCacheTest::unknown));
        background.poll().run();
        clock.advance(Duration.ofSeconds(5));
        cache.get(KEY, loader(StatusCacheTest::unknown));
        assertTrue(background.poll() != null, "after a success the next failure waits 5 s again, not 160 s");
    }

    @Test
    void failuresAreCachedWithExponentialBackoff() {
        StatusCache cache = cache(RevocationSettings.defaults());
        cache.get(KEY, loader(StatusCacheTest::unknown));
        clock.advance(Duration.ofSeconds(4));
        cache.get(KEY, loader(StatusCacheTest::unknown));
        assertEquals(1, loads.get());
        clock.advance(Duration.ofSeconds(1));
        cache.get(KEY, loader(StatusCacheTest::unknown));
        assertEquals(2, loads.get());
        clock.advance(Duration.ofSeconds(9));
        cache.get(KEY, loader(StatusCacheTest::unknown));
        assertEquals(2, loads.get(), "second failure backs off 10 s");
        clock.advance(Duration.ofSeconds(1));
        cache.get(KEY, loader(() -> good(Duration.ofHours(1))));
        assertEquals(3, loads.get());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(5)),
                List.of(StatusCache.backoff(1), StatusCache.backoff(2), StatusCache.backoff(3), StatusCache.backoff(20)));
    }

    @Test
    void concurrentFirstLookupsShareOneLoad() throws Exception {
        StatusCache cache = cache(RevocationSettings.defaults());
        CountDownLatch release = new CountDownLatch(1);
        Supplier<RevocationStatus> slow = loader(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return good(Duration.ofHours(1));
        });
        List<Thread> threads = new ArrayList<>();
        List<RevocationStatus> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> results.add(cache.get(KEY, slow)));
            threads.add(t);
            t.start();
        }
        // Wait until every thread is parked: one inside the loader, the others blocked on the same key.
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.BLOCKED)) {
            Thread.onSpinWait();
        }
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, loads.get());
        assertEquals(8, results.size());
        assertTrue(results.stream().allMatch(r -> r == results.get(0)));
    }
}
