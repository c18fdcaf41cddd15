package io.certgate.core.rules;

import java.util.Locale;

/** How the values of an attribute are compared, and which operators apply to them. */
enum ValueType {
    /** A distinguished-name attribute value: RFC 4518 prepared (case-folded, spaces collapsed). */
    DIRECTORY_STRING(Segments.NONE),
    /** A whole distinguished name, compared by RFC 5280 §7.1. */
    NAME(Segments.NONE),
    /** A DNS name: ASCII case-insensitive. */
    DNS(Segments.DOT),
    /** An email address or UPN: local part exact, domain case-insensitive. */
    MAILBOX(Segments.NONE),
    /** A URI: scheme and host case-insensitive, the rest exact. */
    URI(Segments.SLASH),
    /** A SPIFFE ID or its path: exact. */
    SPIFFE(Segments.SLASH),
    /** A SPIFFE trust domain: exact, always lower case. */
    TRUST_DOMAIN(Segments.DOT),
    /** Exact text (otherName values). */
    TEXT(Segments.NONE),
    /** An object identifier; names such as clientAuth are accepted in rules. */
    OID(Segments.DOT),
    IP(Segments.NONE),
    SERIAL(Segments.NONE),
    SHA256_HEX(Segments.NONE),
    SHA256_PIN(Segments.NONE);

    /** What a glob's wildcards never match. */
    enum Segments {
        /** {@code *} and {@code **} match anything. */
        NONE("", ""),
        /** {@code *} stays within one dot-separated label. */
        DOT(".", ""),
        /**
         * {@code *} stays within one slash-separated segment and never crosses user info ({@code @}); neither
         * wildcard matches {@code ?}, {@code #} or {@code \}, so no wildcard can carry a host into a query,
         * fragment or a backslash that some parsers read as a slash.
         */
        SLASH("/?#\\@", "?#\\");

        private final String notInStar;
        private final String notInDoubleStar;

        Segments(String notInStar, String notInDoubleStar) {
            this.notInStar = notInStar;
            this.notInDoubleStar = notInDoubleStar;
        }

        /** The characters {@code *} (or, with {@code doubleStar}, {@code **}) never matches. */
        String excluded(boolean doubleStar) {
            return doubleStar ? notInDoubleStar : notInStar;
        }
    }

    final Segments segments;

    ValueType(Segments segments) {
        this.segments = segments;
    }

    /** Whether {@code matches} and {@code ~} apply: values with a text form that people pattern-match. */
    boolean isText() {
        return switch (this) {
            case DIRECTORY_STRING, DNS, MAILBOX, URI, SPIFFE, TRUST_DOMAIN, TEXT, OID -> true;
            default -> false;
        };
    }

    /**
     * Whether {@code shown} could be how a value of this type is shown, as {@code explain} and a principal show it: a
     * superset of the shown values, judged by their characters alone. Any text could be a directory string.
     */
    boolean couldBeDisplayed(String shown) {
        if (shown.isEmpty()) {
            return false;
        }
        return switch (this) {
            case DIRECTORY_STRING, TEXT -> true;
            case NAME -> shown.indexOf('=') > 0;
            case DNS, URI -> allIn(shown, '!', '~', "");
            case MAILBOX -> shown.indexOf('@') >= 0;
            case SPIFFE -> shown.startsWith("spiffe://") || shown.startsWith("/");
            case TRUST_DOMAIN -> allIn(shown, 'a', 'z', "0123456789._-");
            case OID -> allIn(shown, '0', '9', ".");
            case IP -> allIn(shown, '0', '9', ".:abcdef");
            case SERIAL, SHA256_HEX -> allIn(shown, '0', '9', "-abcdef");
            case SHA256_PIN -> allIn(shown, 'A', 'Z', "abcdefghijklmnopqrstuvwxyz0123456789+/=");
        };
    }

    /**
     * Whether every value an attribute of type {@code later} can show has the form of a value of this type
     * ({@link #couldBeDisplayed}), so that a {@code principal} attribute of type {@code later} listed after one of
     * this type can never name a client. Answers true only when that holds for certain.
     */
    boolean coversEveryValueOf(ValueType later) {
        return switch (this) {
            case DIRECTORY_STRING, TEXT -> true;
            // visible ASCII without spaces; the mailboxes of san.upn may be Unicode
            case DNS, URI -> later == DNS || later == URI || later == SPIFFE || later == TRUST_DOMAIN || later == OID
                    || later == IP;
            default -> later == this;
        };
    }

    /** Whether every character is in {@code [from-to]} or in {@code others}. */
    private static boolean allIn(String s, char from, char to, String others) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < from || c > to) && others.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The comparison form of a textual value of this type. */
    String canonical(String raw) {
        return switch (this) {
            case DNS -> withoutFinalDot(raw.toLowerCase(Locale.ROOT));
            case TRUST_DOMAIN -> raw.toLowerCase(Locale.ROOT);
            case MAILBOX -> {
                int at = raw.lastIndexOf('@');
                yield at < 0 ? raw : raw.substring(0, at) + raw.substring(at).toLowerCase(Locale.ROOT);
            }
            case URI -> canonicalUri(raw);
            default -> raw;
        };
    }

    /** {@code host.example.} (the absolute form) is {@code host.example}. */
    private static String withoutFinalDot(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Lower-cases the scheme and the host of a URI; user info, port, path, query and fragment are kept. */
    private static String canonicalUri(String raw) {
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            return raw;
        }
        String scheme = raw.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = raw.substring(colon);
        if (!rest.startsWith("://")) {
            return scheme + rest;
        }
        int authorityStart = 3;
        int end = rest.length();
        for (int i = authorityStart; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = rest.substring(authorityStart, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hostPort = authority.substring(at + 1);
        return scheme + "://" + userInfo + hostPort.toLowerCase(Locale.ROOT) + rest.substring(end);
    }
}
