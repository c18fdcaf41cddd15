package io.certgate.core.rules;

import java.util.regex.Pattern;

/**
 * A compiled {@code ~} expression whose matches take steps from the {@link RegexBudget} of the evaluation they are
 * part of. Java's regex engine backtracks: an expression such as {@code (.*a){20}b} takes time that grows with the
 * twentieth power of the length of a value such as {@code aaaa…a!}, and certificate values are the client's choice.
 * A match that finds the budget spent throws {@link RegexLimitException}, so the decision fails closed instead of
 * holding a request thread; a value longer than {@link RegexBudget#MAX_VALUE_LENGTH} is not read at all.
 * Immutable and thread-safe.
 */
final class BoundedRegex {
    private final Pattern pattern;
    private final String where;

    /**
     * @param where {@code FILE:LINE:COLUMN} of the expression, for the message when a match gives up
     */
    BoundedRegex(Pattern pattern, String where) {
        this.pattern = pattern;
        this.where = where;
    }

    /**
     * Whether the whole value matches, as {@link String#matches} answers; {@link Truth#UNKNOWN} for a value longer
     * than {@link RegexBudget#MAX_VALUE_LENGTH}, which is not read.
     *
     * @throws RegexLimitException when the budget runs out during this match, or the engine exhausts the stack
     */
    Truth matches(String value, RegexBudget budget) {
        if (value.length() > RegexBudget.MAX_VALUE_LENGTH) {
            return Truth.UNKNOWN;
        }
        try {
            return Truth.of(pattern.matcher(new Counted(value, budget)).matches());
        } catch (StepsExhausted e) {
            throw new RegexLimitException(where + ": regular expression " + pattern.pattern()
                    + " gave up on a value of " + value.length() + " characters: the ~ tests of one certificate may take "
                    + RegexBudget.STEPS_PER_DECISION + " steps together");
        } catch (StackOverflowError e) {
            // Some expressions, such as (a|b)*, recurse once per character, and request threads may have small stacks.
            throw new RegexLimitException(where + ": regular expression " + pattern.pattern()
                    + " exhausted the stack on a value of " + value.length() + " characters");
        }
    }

    /** The value, taking a step of the budget for every character the engine reads and stopping it when none are left. */
    private static final class Counted implements CharSequence {
        private final String value;
        private final RegexBudget budget;

        Counted(String value, RegexBudget budget) {
            this.value = value;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (!budget.step()) {
                throw new StepsExhausted();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return value.substring(start, end);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** Unwinds the engine; {@link #matches} turns it into a {@link RegexLimitException}. */
    private static final class StepsExhausted extends RuntimeException {
        StepsExhausted() {
            super(null, null, false, false);
        }
    }
}
