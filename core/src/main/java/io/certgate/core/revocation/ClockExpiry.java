package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/** Caffeine time driven by an injected clock, and entries that expire at an instant they carry. */
final class ClockExpiry<K, V> implements Expiry<K, V> {
    private final Clock clock;
    private final Function<V, Instant> expiresAt;

    private ClockExpiry(Clock clock, Function<V, Instant> expiresAt) {
        this.clock = clock;
        this.expiresAt = expiresAt;
    }

    /** Expiry at {@code expiresAt(value)}, measured on {@code clock}. */
    static <K, V> ClockExpiry<K, V> at(Clock clock, Function<V, Instant> expiresAt) {
        return new ClockExpiry<>(clock, expiresAt);
    }

    /** A Caffeine ticker reading {@code clock}, so tests that move the clock move the cache. */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    private long nanosUntil(Instant t) {
        Duration d = Duration.between(clock.instant(), t);
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
        return nanosUntil(expiresAt.apply(value));
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return nanosUntil(expiresAt.apply(value));
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
