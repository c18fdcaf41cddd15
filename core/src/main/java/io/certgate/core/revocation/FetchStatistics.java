package io.certgate.core.revocation;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counters of the HTTP fetches of one kind (OCSP requests or CRL downloads), for monitoring. An immutable snapshot.
 *
 * @param fetches   fetches attempted, whether they brought an answer or not
 * @param failures  fetches that brought no answer, by cause; every cause of {@link #CAUSES} is present, zero when it
 *                  never occurred. An OCSP response that arrived but did not validate is not a failed fetch: it shows
 *                  in {@link RevocationStatistics#unknown()}. A CRL download that cannot be read
 *                  ({@link UnknownCause#MALFORMED}) or is not signed by the certificate's issuer or an authorized CRL
 *                  signer ({@link UnknownCause#BAD_SIGNATURE}) is dropped and counted as failed
 * @param totalTime time spent in all fetches, failed ones included
 * @param maxTime   the longest single fetch
 */
public record FetchStatistics(long fetches, Map<UnknownCause, Long> failures, Duration totalTime, Duration maxTime) {
    /** The causes a fetch can fail with. */
    public static final Set<UnknownCause> CAUSES = Collections.unmodifiableSet(java.util.EnumSet.of(
            UnknownCause.UNREACHABLE, UnknownCause.TIMEOUT, UnknownCause.HTTP_ERROR, UnknownCause.TOO_LARGE,
            UnknownCause.MALFORMED, UnknownCause.BAD_SIGNATURE));

    public FetchStatistics {
        if (fetches < 0) {
            throw new IllegalArgumentException("fetches must not be negative: [" + fetches + "]");
        }
        Map<UnknownCause, Long> all = new EnumMap<>(UnknownCause.class);
        for (UnknownCause c : CAUSES) {
            all.put(c, 0L);
        }
        Objects.requireNonNull(failures, "failures").forEach((cause, count) -> {
            if (!CAUSES.contains(Objects.requireNonNull(cause, "cause"))) {
                throw new IllegalArgumentException("a fetch cannot fail with " + cause + "; expected one of " + CAUSES);
            }
            if (count < 0) {
                throw new IllegalArgumentException("failures of " + cause + " must not be negative: [" + count + "]");
            }
            all.put(cause, count);
        });
        failures = Collections.unmodifiableMap(all);
        Objects.requireNonNull(totalTime, "totalTime");
        Objects.requireNonNull(maxTime, "maxTime");
    }

    /** No fetches at all. */
    public static FetchStatistics none() {
        return new FetchStatistics(0, Map.of(), Duration.ZERO, Duration.ZERO);
    }

    /** All failed fetches. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The mean time of one fetch, zero when there was none. */
    public Duration meanTime() {
        return fetches == 0 ? Duration.ZERO : totalTime.dividedBy(fetches);
    }
}
