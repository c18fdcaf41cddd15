package io.certgate.core.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Globs answer exactly as their regular-expression form, whichever way they are evaluated. */
class GlobTest {
    @Test
    void everyShortPatternAgreesWithItsRegularExpression() {
        List<String> patterns = words("a.*/?", 4);
        List<String> values = words("a./?@", 4);
        int compared = 0;
        for (ValueType.Segments segments : ValueType.Segments.values()) {
            for (String pattern : patterns) {
                Glob glob = Glob.compile(pattern, segments);
                Pattern regex = regex(pattern, segments);
                for (String value : values) {
                    assertEquals(regex.matcher(value).matches(), glob.matches(value),
                            () -> "pattern " + pattern + " value " + value + " segments " + segments);
                    compared++;
                }
            }
        }
        assertTrue(compared > 1_000_000, "compared " + compared);
    }

    @Test
    void aSegmentStarStopsAtTheSeparator() {
        Glob dns = Glob.compile("*.example.com", ValueType.Segments.DOT);
        assertTrue(dns.matches("www.example.com"));
        assertFalse(dns.matches("a.b.example.com"));
        assertTrue(Glob.compile("**.example.com", ValueType.Segments.DOT).matches("a.b.example.com"));
        Glob spiffe = Glob.compile("spiffe://prod.example.org/ns/payments/*", ValueType.Segments.SLASH);
        assertTrue(spiffe.matches("spiffe://prod.example.org/ns/payments/api"));
        assertFalse(spiffe.matches("spiffe://prod.example.org/ns/payments/api/admin"));
        assertFalse(Glob.compile("ab*ba", ValueType.Segments.NONE).matches("aba"));
    }

    @Test
    void noWildcardCarriesAUriHostIntoAQueryFragmentBackslashOrUserInfo() {
        Glob host = Glob.compile("https://*.example.com/**", ValueType.Segments.SLASH);
        assertTrue(host.matches("https://api.example.com/v1/orders"));
        assertTrue(host.matches("https://a.b.example.com/x"), "* stays within a /-segment, dots included");
        for (String evil : List.of("https://evil.test#.example.com/x", "https://evil.test?.example.com/x",
                "https://evil.test\\.example.com/x", "https://evil.test@x.example.com/x")) {
            assertFalse(host.matches(evil), evil);
        }
        Glob port = Glob.compile("https://api.example.com:*/", ValueType.Segments.SLASH);
        assertTrue(port.matches("https://api.example.com:8443/"));
        assertFalse(port.matches("https://api.example.com:1@evil.test/"), "host evil.test");
        Glob deep = Glob.compile("https://**.example.com/", ValueType.Segments.SLASH);
        assertFalse(deep.matches("https://evil.test#.example.com/"));
        assertFalse(Glob.compile("https://example.com/**", ValueType.Segments.SLASH).matches("https://example.com/a?b"),
                "a query is matched only by a pattern that writes its '?'");
        assertTrue(Glob.compile("https://example.com/**?**", ValueType.Segments.SLASH).matches("https://example.com/a?b"));
    }

    @Test
    void aLongValueCannotMakeAPatternBacktrack() {
        // As a backtracking regular expression this pattern takes minutes on such a value (length^5 steps).
        String value = "https://x.example/" + "a".repeat(20_000);
        Glob glob = Glob.compile("https://x.example/*a*a*a*a*b", ValueType.Segments.SLASH);
        boolean matched = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> glob.matches(value), "a liveness guard, not a speed measurement");
        assertFalse(matched);
        assertTrue(Glob.compile("https://x.example/*a*a*a*a*b", ValueType.Segments.SLASH).matches(value + "b"));
    }

    /** The pattern as a regular expression: the specification the glob matchers are tested against. */
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

    /** Every word of length 0..max over the alphabet. */
    private static List<String> words(String alphabet, int max) {
        List<String> out = new ArrayList<>(List.of(""));
        int from = 0;
        for (int length = 1; length <= max; length++) {
            int to = out.size();
            for (int i = from; i < to; i++) {
                for (char c : alphabet.toCharArray()) {
                    out.add(out.get(i) + c);
                }
            }
            from = to;
        }
        return out;
    }
}
