package io.certgate.core.rules;

import java.util.regex.Pattern;

/**
 * A compiled {@code ~} expression whose every match gives up after a number of steps proportional to the value.
 * Java's regex engine backtracks: an expression such as {@code (.*a){20}b} takes time that grows with the
 * twentieth power of the length of a value such as {@code aaaa…a!}, and certificate values are the client's choice.
 * A match that runs out of steps throws {@link RegexLimitException}, so the decision fails closed instead of
 * holding a request thread.
 * Immutable and thread-safe.
 */
final class BoundedRegex {
    /** Steps (characters read) allowed per character of the value, and a floor for short values. */
    static final long STEPS_PER_CHAR = 10_000;
    static final long MIN_STEPS = 100_000;

    private final Pattern pattern;
    private final String where;

    /**
     * @param where {@code FILE:LINE:COLUMN} of the expression, for the message when a match gives up
     */
    BoundedRegex(Pattern pattern, String where) {
        this.pattern = pattern;
        this.where = where;
    }

    /** Whether the whole value matches, as {@link String#matches} answers. */
    boolean matches(String value) {
        long budget = MIN_STEPS + STEPS_PER_CHAR * value.length();
        Counted input = new Counted(value, budget);
        try {
            return pattern.matcher(input).matches();
        } catch (StepsExhausted e) {
            throw new RegexLimitException(where + ": regular expression " + pattern.pattern()
                    + " gave up on a value of " + value.length() + " characters after " + budget + " steps");
        } catch (StackOverflowError e) {
            // Some expressions, such as (a|b)*, recurse once per character: a long value exhausts the stack.
            throw new RegexLimitException(where + ": regular expression " + pattern.pattern()
                    + " exhausted the stack on a value of " + value.length() + " characters");
        }
    }

    /** The value, counting the characters the engine reads and stopping it when none are left. */
    private static final class Counted implements CharSequence {
        private final String value;
        private long remaining;

        Counted(String value, long remaining) {
            this.value = value;
            this.remaining = remaining;
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
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
