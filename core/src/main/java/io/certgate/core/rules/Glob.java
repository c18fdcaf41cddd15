package io.certgate.core.rules;

import java.util.regex.Pattern;

/**
 * A {@code matches} pattern: {@code **} matches any run of characters, {@code *} any run within one
 * segment (between dots for DNS names and OIDs, between slashes for URIs and SPIFFE IDs, anywhere for other
 * values); everything else is literal.
 */
final class Glob {
    private final Pattern pattern;

    private Glob(Pattern pattern) {
        this.pattern = pattern;
    }

    static Glob compile(String canonicalPattern, ValueType.Segments segments) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        char sep = segments.separator();
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
            if (doubleStar) {
                while (i + 1 < canonicalPattern.length() && canonicalPattern.charAt(i + 1) == '*') {
                    i++;
                }
            }
            if (doubleStar || sep == 0) {
                re.append("(?s:.*)");
            } else {
                re.append(sep == '.' ? "[^.]*" : "[^/]*");
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return new Glob(Pattern.compile(re.toString()));
    }

    boolean matches(String canonicalValue) {
        return pattern.matcher(canonicalValue).matches();
    }
}
