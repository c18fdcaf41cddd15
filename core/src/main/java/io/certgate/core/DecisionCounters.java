package io.certgate.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link DecisionStatistics}; shared by the versions of a reloaded gate. Thread-safe. */
final class DecisionCounters {
    private final LongAdder authenticated = new LongAdder();
    private final LongAdder[] denied = new LongAdder[DenialReason.values().length];

    DecisionCounters() {
        for (int i = 0; i < denied.length; i++) {
            denied[i] = new LongAdder();
        }
    }

    void count(Decision decision) {
        if (decision instanceof Decision.Denied d) {
            denied[d.reason().ordinal()].increment();
        } else {
            authenticated.increment();
        }
    }

    DecisionStatistics snapshot() {
        Map<DenialReason, Long> byReason = new EnumMap<>(DenialReason.class);
        for (DenialReason r : DenialReason.values()) {
            byReason.put(r, denied[r.ordinal()].sum());
        }
        return new DecisionStatistics(authenticated.sum(), byReason);
    }
}
