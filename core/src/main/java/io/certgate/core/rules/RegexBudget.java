package io.certgate.core.rules;

/**
 * The steps that all {@code ~} tests of one evaluation may take together, and the longest value they read. A
 * client chooses its certificate's values and keeps a connection open for as many requests as it likes, so the work
 * its certificate can cost is bounded per decision, whatever the values' length or number and however many
 * {@code ~} tests the rules have. A step is one character the regular-expression engine reads. Not thread-safe:
 * one budget per evaluation.
 */
final class RegexBudget {
    /** Steps allowed for all {@code ~} tests of one decision together. */
    static final long STEPS_PER_DECISION = 1_000_000;
    /** The longest value a {@code ~} test reads, in UTF-16 code units; a longer value makes the test unknown. */
    static final int MAX_VALUE_LENGTH = 1_024;

    private long spent;

    /** Takes one step. @return false when none was left; the step is then not taken */
    boolean step() {
        if (spent >= STEPS_PER_DECISION) {
            return false;
        }
        spent++;
        return true;
    }

    /** The steps taken so far. */
    long spent() {
        return spent;
    }
}
