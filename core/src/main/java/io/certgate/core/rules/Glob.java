package io.certgate.core.rules;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A {@code matches} pattern: {@code **} matches any run of characters, {@code *} any run within one
 * segment (between dots for DNS names and OIDs, between slashes for URIs and SPIFFE IDs, anywhere for other
 * values); in URIs neither matches {@code ?}, {@code #} or a backslash and {@code *} no {@code @}
 * ({@link ValueType.Segments}); everything else is literal. Patterns without a wildcard, or with one, are plain string tests; others
 * run as an automaton in time linear in the value's length.
 */
final class Glob {
    private final Predicate<String> test;

    private Glob(Predicate<String> test) {
        this.test = test;
    }

    static Glob compile(String canonicalPattern, ValueType.Segments segments) {
        int first = canonicalPattern.indexOf('*');
        if (first < 0) {
            return new Glob(canonicalPattern::equals);
        }
        int end = first;
        while (end < canonicalPattern.length() && canonicalPattern.charAt(end) == '*') {
            end++;
        }
        if (canonicalPattern.indexOf('*', end) < 0) {
            String prefix = canonicalPattern.substring(0, first);
            String suffix = canonicalPattern.substring(end);
            String excluded = segments.excluded(end - first > 1);
            return new Glob(v -> {
                int middleEnd = v.length() - suffix.length();
                if (middleEnd < prefix.length() || !v.startsWith(prefix) || !v.endsWith(suffix)) {
                    return false;
                }
                for (int i = prefix.length(); i < middleEnd; i++) {
                    if (excluded.indexOf(v.charAt(i)) >= 0) {
                        return false;
                    }
                }
                return true;
            });
        }
        return new Glob(automaton(canonicalPattern, segments));
    }

    private static final int STAR = -1;
    private static final int DOUBLE_STAR = -2;

    /**
     * A matcher that runs the pattern as a nondeterministic automaton over the value, one step per character,
     * so it takes time proportional to the value's length times the pattern's, never more: a value a client
     * chose cannot make it backtrack.
     */
    private static Predicate<String> automaton(String pattern, ValueType.Segments segments) {
        int[] tokens = new int[pattern.length()];
        int m = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '*') {
                tokens[m++] = c;
            } else if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                while (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                }
                tokens[m++] = DOUBLE_STAR;
            } else {
                tokens[m++] = STAR;
            }
        }
        int[] program = Arrays.copyOf(tokens, m);
        String notInStar = segments.excluded(false);
        String notInDoubleStar = segments.excluded(true);
        return value -> {
            int n = program.length;
            boolean[] current = new boolean[n + 1];
            boolean[] next = new boolean[n + 1];
            current[0] = true;
            skipWildcards(current, program);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                Arrays.fill(next, false);
                boolean alive = false;
                for (int state = 0; state < n; state++) {
                    if (!current[state]) {
                        continue;
                    }
                    int token = program[state];
                    if (token >= 0) {
                        if (token == c) {
                            next[state + 1] = true;
                            alive = true;
                        }
                    } else if ((token == STAR ? notInStar : notInDoubleStar).indexOf(c) < 0) {
                        next[state] = true;
                        alive = true;
                    }
                }
                if (!alive) {
                    return false;
                }
                skipWildcards(next, program);
                boolean[] t = current;
                current = next;
                next = t;
            }
            return current[n];
        };
    }

    /** A wildcard may match nothing: every state at a wildcard also stands after it. */
    private static void skipWildcards(boolean[] states, int[] program) {
        for (int state = 0; state < program.length; state++) {
            if (states[state] && program[state] < 0) {
                states[state + 1] = true;
            }
        }
    }

    boolean matches(String canonicalValue) {
        return test.test(canonicalValue);
    }
}
