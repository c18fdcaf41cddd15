package io.certgate.core.revocation;

import java.time.Duration;

/** One deadline shared by all network work of one check, on the monotonic clock. Immutable. */
public final class Deadline {
    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /**
     * A deadline at half the time left, for a first source that a second may follow: a hung responder must
     * not use up the whole check.
     */
    public Deadline half() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? this : new Deadline(deadlineNanos - left / 2);
    }

    /** The time left, zero when passed. */
    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean passed() {
        return deadlineNanos - System.nanoTime() <= 0;
    }
}
