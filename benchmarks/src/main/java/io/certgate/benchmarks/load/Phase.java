package io.certgate.benchmarks.load;

import io.certgate.core.testing.TestOcspResponder;

import java.time.Duration;
import java.util.List;

/**
 * One phase of the load run: how the OCSP responder behaves, for how many steps of the run's clock, and which share
 * of the clients starts in each step.
 *
 * @param name       as reported
 * @param mode       the responder's mode
 * @param latency    the responder's delay before each answer
 * @param healthy    whether every good client must be let in (the responder answers in time)
 * @param jumpBefore how far the clock moves before the phase's first step, beyond the usual step
 * @param newPercent per step, the percentage of all clients that send their first request in it
 */
record Phase(String name, TestOcspResponder.Mode mode, Duration latency, boolean healthy, Duration jumpBefore,
             List<Integer> newPercent) {

    /** The time from an answer's thisUpdate to its nextUpdate; certgate refreshes answers in use at three quarters. */
    static final Duration VALIDITY = Duration.ofMinutes(8);
    /** The clock's step between two rounds of requests. */
    static final Duration STEP = Duration.ofMinutes(1);
    /** certgate's {@code revocation.timeout}: the slow phase answers within it, the timeout phase after it. */
    static final String TIMEOUT = "1s";

    int steps() {
        return newPercent.size();
    }

    /**
     * The run: normal (the rules file is changed to a broken one, then to version 2), slow within the timeout, slow
     * beyond it, HTTP 500, hanging, and back to normal after a jump past the longest backoff of failed lookups. With
     * answers valid for 8 steps and clients starting over several steps, some clients hold a valid answer through
     * each kind of outage while their refreshes fail, and others have none.
     */
    static List<Phase> plan() {
        return List.of(NORMAL,
                new Phase("slow 50 ms", TestOcspResponder.Mode.NORMAL, Duration.ofMillis(50), true, Duration.ZERO,
                        List.of(15, 0, 0)),
                new Phase("slow 2 s > timeout", TestOcspResponder.Mode.NORMAL, Duration.ofSeconds(2), false,
                        Duration.ZERO, List.of(5, 5)),
                HTTP_500,
                new Phase("down: hanging", TestOcspResponder.Mode.HANG, Duration.ZERO, false, Duration.ZERO,
                        List.of(5, 0)),
                BACK);
    }

    /**
     * The smoke run of every build: the phases of {@link #plan()} whose responder answers or fails at once (normal with
     * its rules changes, HTTP 500, back), so that no step waits for a delay or a timeout and no check depends on how
     * fast the machine is. Answers cached in the normal phase are still valid, and due for refresh, in the outage.
     */
    static List<Phase> smoke() {
        return List.of(NORMAL, HTTP_500, BACK);
    }

    private static final Phase NORMAL = new Phase("normal", TestOcspResponder.Mode.NORMAL, Duration.ZERO, true,
            Duration.ZERO, List.of(20, 20, 20, 0, 0));
    private static final Phase HTTP_500 = new Phase("down: HTTP 500", TestOcspResponder.Mode.HTTP_500, Duration.ZERO,
            false, Duration.ZERO, List.of(5, 0));
    private static final Phase BACK = new Phase("back", TestOcspResponder.Mode.NORMAL, Duration.ZERO, true,
            Duration.ofMinutes(6), List.of(5, 0, 0));
}
