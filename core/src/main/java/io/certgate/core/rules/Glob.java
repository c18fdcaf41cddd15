package io.certgate.core.rules;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A {@code matches} pattern: {@code **} matches any run of characters, {@code *} any run within one
 * segment (between dots for DNS names and OIDs, between slashes for URIs and SPIFFE IDs, anywhere for other
 * values); in URIs neither matches {@code ?}, {@code #} or a backslash and {@code *} no {@code @}
 * ({@link ValueType.Segments}); everything else is literal. Patterns without a wildcard, or with one, are plain string tests; others
 * are compiled to a regular expression.
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
        Pattern pattern = regex(canonicalPattern, segments);
        return new Glob(v -> pattern.matcher(v).matches());
    }

    /** The pattern as a regular expression (package-private so tests can compare both forms). */
    static Pattern regex(String canonicalPattern, ValueType.Segments segments) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < canonicalPattern.length(); i++) {
            char c = canonicalPattern.charAt(i);
            if (c != '*') {
                literal.append(c);
                continue;
            }
            if (literal.length() > 0) {
                re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            boolean doubleStar = i + 1 < canonicalPattern.length() && canonicalPattern.charAt(i + 1) == '*';
            while (i + 1 < canonicalPattern.length() && canonicalPattern.charAt(i + 1) == '*') {
                i++;
            }
            String excluded = segments.excluded(doubleStar);
            if (excluded.isEmpty()) {
                re.append("(?s:.*)");
            } else {
                re.append("[^");
                for (char x : excluded.toCharArray()) {
                    re.append('\\').append(x);
                }
                re.append("]*");
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString());
    }

    boolean matches(String canonicalValue) {
        return test.test(canonicalValue);
    }
}
