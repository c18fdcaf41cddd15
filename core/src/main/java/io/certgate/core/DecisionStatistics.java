package io.certgate.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How many decisions a {@link CertGate} made, by outcome and denial reason, for monitoring. An immutable snapshot:
 * counts taken while decisions go on may be a few apart from each other, never lost.
 *
 * @param authenticated decisions that authenticated the client (with or without roles)
 * @param denials       denied decisions by reason, in the enum's order; every {@link DenialReason} is present, zero
 *                      when it never occurred
 */
public record DecisionStatistics(long authenticated, Map<DenialReason, Long> denials) {
    public DecisionStatistics {
        if (authenticated < 0) {
            throw new IllegalArgumentException("authenticated must not be negative: [" + authenticated + "]");
        }
        Map<DenialReason, Long> all = new EnumMap<>(DenialReason.class);
        for (DenialReason r : DenialReason.values()) {
            all.put(r, 0L);
        }
        Objects.requireNonNull(denials, "denials").forEach((reason, count) -> {
            if (count < 0) {
                throw new IllegalArgumentException("denials of " + reason + " must not be negative: [" + count + "]");
            }
            all.put(Objects.requireNonNull(reason, "reason"), count);
        });
        denials = Collections.unmodifiableMap(all);
    }

    /** No decisions at all. */
    public static DecisionStatistics none() {
        return new DecisionStatistics(0, Map.of());
    }

    /** The denials for one reason. */
    public long denied(DenialReason reason) {
        return denials.get(Objects.requireNonNull(reason, "reason"));
    }

    /** All denied decisions. */
    public long denied() {
        return denials.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All decisions. */
    public long total() {
        return authenticated + denied();
    }
}
