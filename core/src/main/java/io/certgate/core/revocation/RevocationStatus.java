package io.certgate.core.revocation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The revocation status of one certificate, as established from one source at one time. Immutable.
 *
 * <p>{@link Status#GOOD} and {@link Status#REVOKED} come from a validated OCSP response or CRL and carry that
 * answer's validity window ({@link #thisUpdate()} to {@link #nextUpdate()}); {@link Status#UNKNOWN} carries
 * the specific {@link UnknownCause} and a sentence for logs.
 */
public final class RevocationStatus {
    /** The three possible answers. */
    public enum Status { GOOD, REVOKED, UNKNOWN }

    /** Where an answer came from. */
    public enum Source { OCSP, CRL, NONE }

    private final Status status;
    private final Source source;
    private final Instant revocationTime;
    private final String reason;
    private final UnknownCause cause;
    /** Built on first use from {@link #detailSource} when that is set: most answers are never explained. */
    private String detail;
    private final java.util.function.Supplier<String> detailSource;
    private final Instant thisUpdate;
    private final Instant nextUpdate;

    private RevocationStatus(Status status, Source source, Instant revocationTime, String reason, UnknownCause cause,
                             String detail, Instant thisUpdate, Instant nextUpdate) {
        this(status, source, revocationTime, reason, cause, Objects.requireNonNull(detail, "detail"), null,
                thisUpdate, nextUpdate);
    }

    private RevocationStatus(Status status, Source source, Instant revocationTime, String reason, UnknownCause cause,
                             String detail, java.util.function.Supplier<String> detailSource, Instant thisUpdate,
                             Instant nextUpdate) {
        this.status = status;
        this.source = source;
        this.revocationTime = revocationTime;
        this.reason = reason;
        this.cause = cause;
        this.detail = detail;
        this.detailSource = detailSource;
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
    }

    /**
     * Not revoked, according to {@code source}.
     *
     * @param thisUpdate when the answer was issued
     * @param nextUpdate when a newer answer is due, or null when the source gives none
     */
    public static RevocationStatus good(Source source, Instant thisUpdate, Instant nextUpdate, String detail) {
        return new RevocationStatus(Status.GOOD, Objects.requireNonNull(source), null, null, null, detail,
                Objects.requireNonNull(thisUpdate, "thisUpdate"), nextUpdate);
    }

    /**
     * As {@link #good(Source, Instant, Instant, String)}, with the detail built when first asked for. The supplier
     * must be side-effect free and keep only small immutable values: the status may be cached for long.
     */
    static RevocationStatus good(Source source, Instant thisUpdate, Instant nextUpdate,
                                 java.util.function.Supplier<String> detail) {
        return new RevocationStatus(Status.GOOD, Objects.requireNonNull(source), null, null, null, null,
                Objects.requireNonNull(detail, "detail"), Objects.requireNonNull(thisUpdate, "thisUpdate"),
                nextUpdate);
    }

    /**
     * Revoked at {@code revocationTime} for {@code reason} (an RFC 5280 CRLReason name such as
     * {@code keyCompromise}, or {@code unspecified}).
     */
    public static RevocationStatus revoked(Source source, Instant revocationTime, String reason, Instant thisUpdate,
                                           Instant nextUpdate, String detail) {
        return new RevocationStatus(Status.REVOKED, Objects.requireNonNull(source), revocationTime,
                reason == null ? "unspecified" : reason, null, detail, thisUpdate, nextUpdate);
    }

    /** No trustworthy answer, for the given cause. */
    public static RevocationStatus unknown(Source source, UnknownCause cause, String detail) {
        return new RevocationStatus(Status.UNKNOWN, Objects.requireNonNull(source), null, null,
                Objects.requireNonNull(cause, "cause"), detail, null, null);
    }

    public Status status() {
        return status;
    }

    public Source source() {
        return source;
    }

    /** When the certificate was revoked (REVOKED only). */
    public Optional<Instant> revocationTime() {
        return Optional.ofNullable(revocationTime);
    }

    /** The CRLReason name (REVOKED only), e.g. {@code keyCompromise}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Why the status is unknown (UNKNOWN only). */
    public Optional<UnknownCause> cause() {
        return Optional.ofNullable(cause);
    }

    /** A sentence for logs and {@code certgate revocation}, naming the source and what decided. */
    public String detail() {
        String d = detail;
        if (d == null) {
            // A benign race, like String.hash: every thread computes the same immutable string.
            d = Objects.requireNonNull(detailSource.get(), "detail");
            detail = d;
        }
        return d;
    }

    /** When the answer was issued (GOOD and REVOKED). */
    public Optional<Instant> thisUpdate() {
        return Optional.ofNullable(thisUpdate);
    }

    /** When a newer answer is due, if the source said (GOOD and REVOKED). */
    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(nextUpdate);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(status.name());
        if (status == Status.REVOKED) {
            sb.append(" at ").append(revocationTime).append(" (").append(reason).append(')');
        }
        if (cause != null) {
            sb.append(" (").append(cause).append(')');
        }
        if (source != Source.NONE) {
            sb.append(" by ").append(source);
        }
        return sb.append(": ").append(detail()).toString();
    }
}
