package io.certgate.core.config;

import io.certgate.core.revocation.RevocationSettings;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting certgate reads, with its kind of value, its {@link Range} (for numbers), default, where it may be set
 * ({@link #inRulesFile()}, {@link #inContainer()}) and meaning: one vocabulary for rules files, Jetty module
 * properties and Tomcat attributes, which docs/configuration.md and the Jetty module files are tested against.
 * {@link #check} validates a value as written, range included, so errors can name the file, line and column.
 *
 * <p>A new numeric setting takes the constructor with a {@link Range}; a test fails for one without.
 */
public enum SettingKey {
    PRINCIPAL("principal", Kind.ATTRIBUTES, "subject",
            "attributes tried in order for the principal name"),
    TRUST_ANCHORS("trust.anchors", Kind.GLOB, "(none)",
            "PEM file (or glob) of trust anchors every chain must validate to (RFC 5280), else UNTRUSTED_CHAIN"),
    REVOCATION_MODE("revocation.mode", Kind.MODE, "ocsp-then-crl",
            "sources and order: ocsp-then-crl, crl-then-ocsp, ocsp, crl or off"),
    REVOCATION_SCOPE("revocation.scope", Kind.SCOPE, "leaf",
            "which certificates are checked: leaf, or chain (every certificate below the trust anchor)"),
    REVOCATION_ON_UNKNOWN("revocation.on-unknown", Kind.ON_UNKNOWN, "deny",
            "what an UNKNOWN status leads to: deny, or allow (logged at WARN on start)"),
    REVOCATION_TIMEOUT("revocation.timeout", Kind.DURATION, "5s", new Range("1ms", "5m"),
            "one deadline for all network work of one check"),
    REVOCATION_CLOCK_SKEW("revocation.clock-skew", Kind.DURATION_OR_ZERO, "5m", new Range("0s", "1h"),
            "how far in the future thisUpdate may be"),
    REVOCATION_MAX_AGE("revocation.max-age", Kind.DURATION, "(unset: 7d for answers without nextUpdate)",
            new Range("1s", "366d"),
            "the oldest thisUpdate accepted; bounds every answer when set"),
    REVOCATION_ISSUERS("revocation.issuers", Kind.FILE, "(none)",
            "PEM file of issuer certificates, for clients that send only their leaf"),
    REVOCATION_OCSP_RESPONDER("revocation.ocsp.responder", Kind.URL, "(none)",
            "OCSP responder used when a certificate names none"),
    REVOCATION_OCSP_RESPONDER_OVERRIDE("revocation.ocsp.responder-override", Kind.BOOLEAN, "false",
            "use revocation.ocsp.responder even when a certificate names a responder"),
    REVOCATION_OCSP_RESPONDER_CERT("revocation.ocsp.responder-cert", Kind.FILE, "(none)",
            "PEM certificate trusted to sign OCSP responses for any certificate"),
    REVOCATION_OCSP_NONCE("revocation.ocsp.nonce", Kind.BOOLEAN, "false",
            "send a nonce and require it back"),
    REVOCATION_OCSP_HASH("revocation.ocsp.hash", Kind.HASH, "sha1",
            "hash of request CertIDs: sha1 (RFC 5019) or sha256"),
    REVOCATION_OCSP_GET("revocation.ocsp.get", Kind.BOOLEAN, "false",
            "use GET for requests of at most 255 bytes"),
    REVOCATION_OCSP_MAX_BYTES("revocation.ocsp.max-bytes", Kind.SIZE, "64KiB", new Range("1KiB", "16MiB"),
            "largest OCSP response accepted"),
    REVOCATION_CRL_FILES("revocation.crl.files", Kind.GLOB, "(none)",
            "local CRL files (a glob), reloaded when they change"),
    REVOCATION_CRL_MAX_BYTES("revocation.crl.max-bytes", Kind.SIZE, "64MiB", new Range("1KiB", "1GiB"),
            "largest CRL accepted"),
    REVOCATION_CRL_CACHE_MAX_BYTES("revocation.crl.cache.max-bytes", Kind.SIZE, "256MiB", new Range("1MiB", "64GiB"),
            "bytes of CRLs kept between checks, per JVM (shared by all web applications)"),
    REVOCATION_CACHE_MAX_TTL("revocation.cache.max-ttl", Kind.DURATION, "1h", new Range("1s", "30d"),
            "longest time an answer is cached, whatever its nextUpdate"),
    REVOCATION_CACHE_MAX_ENTRIES("revocation.cache.max-entries", Kind.COUNT, "100000", new Range("1", "10000000"),
            "most statuses held in the cache"),
    REVOCATION_FORBID_WEAKENING("revocation.forbid-weakening", Kind.BOOLEAN, "false",
            "container only: refuse rules files that weaken the container's revocation settings (off, allow, ...)");

    /** The kinds of values, each with its own syntax. */
    public enum Kind {
        ATTRIBUTES, MODE, SCOPE, ON_UNKNOWN, HASH, DURATION, DURATION_OR_ZERO, BOOLEAN, SIZE, COUNT, URL, FILE, GLOB;

        /** Whether values of this kind are numbers, which every setting of the kind bounds with a {@link Range}. */
        public boolean numeric() {
            return this == DURATION || this == DURATION_OR_ZERO || this == SIZE || this == COUNT;
        }
    }

    /**
     * The smallest and the largest value a numeric setting accepts, both included, written as in a rules file
     * ({@code 1ms}, {@code 30d}, {@code 1KiB}, {@code 100000}). Out-of-range values are refused when they are read,
     * so no later arithmetic on times, sizes or counts can overflow.
     */
    public record Range(String min, String max) {
        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
        }

        /** As documented: {@code 1ms to 5m}. */
        @Override
        public String toString() {
            return min + " to " + max;
        }
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB)?");

    private final String key;
    private final Kind kind;
    private final String defaultText;
    private final Range range;
    private final String description;

    /** A setting whose values are not numbers, so have no range. */
    SettingKey(String key, Kind kind, String defaultText, String description) {
        this(key, kind, defaultText, null, description);
    }

    SettingKey(String key, Kind kind, String defaultText, Range range, String description) {
        this.key = key;
        this.kind = kind;
        this.defaultText = defaultText;
        this.range = range;
        this.description = description;
    }

    /** The name as written in a rules file, e.g. {@code revocation.timeout}. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The default, as documented. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** Whether a rules file may set it: every setting but the container's floor {@link #REVOCATION_FORBID_WEAKENING}. */
    public boolean inRulesFile() {
        return this != REVOCATION_FORBID_WEAKENING;
    }

    /** Whether a container may set it: every setting but {@link #PRINCIPAL}, which only a rules file can choose. */
    public boolean inContainer() {
        return this != PRINCIPAL;
    }

    /** The values accepted, for numeric kinds; empty for the others. */
    public Optional<Range> range() {
        return Optional.ofNullable(range);
    }

    public static Optional<SettingKey> byKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (SettingKey s : values()) {
            if (s.key.equals(k)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a value as written.
     *
     * @return empty when valid, otherwise what was expected (a message without position)
     */
    public Optional<String> check(String value) {
        try {
            parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The typed value: an enum constant, {@link Duration}, {@link Boolean}, {@link Long} (sizes and counts),
     * {@link URI}, or the text for files, globs and attribute lists.
     *
     * @throws IllegalArgumentException naming the setting and what it expects
     */
    public Object parse(String value) {
        String v = value.strip();
        switch (kind) {
            case MODE:
                return RevocationSettings.Mode.parse(v).orElseThrow(() -> expected("ocsp-then-crl, crl-then-ocsp, ocsp, crl or off", v));
            case SCOPE:
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "leaf" -> RevocationSettings.Scope.LEAF;
                    case "chain" -> RevocationSettings.Scope.CHAIN;
                    default -> throw expected("leaf or chain", v);
                };
            case ON_UNKNOWN:
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "deny" -> RevocationSettings.OnUnknown.DENY;
                    case "allow" -> RevocationSettings.OnUnknown.ALLOW;
                    default -> throw expected("deny or allow", v);
                };
            case HASH:
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "sha1" -> RevocationSettings.CertIdHash.SHA1;
                    case "sha256" -> RevocationSettings.CertIdHash.SHA256;
                    default -> throw expected("sha1 or sha256", v);
                };
            case BOOLEAN:
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw expected("true or false", v);
                };
            case DURATION:
            case DURATION_OR_ZERO: {
                Duration d;
                try {
                    d = duration(v);
                } catch (IllegalArgumentException e) {
                    throw expected("a duration such as 500ms, 5s, 5m, 1h, 7d or PT5S", v);
                }
                if (range != null && (d.compareTo(duration(range.min())) < 0 || d.compareTo(duration(range.max())) > 0)) {
                    throw expected("a duration from " + range, v);
                }
                if (d.isNegative() || (kind == Kind.DURATION && d.isZero())) {
                    throw expected(kind == Kind.DURATION ? "a positive duration" : "a duration", v);
                }
                return d;
            }
            case SIZE: {
                long n;
                try {
                    n = size(v);
                } catch (IllegalArgumentException e) {
                    throw expected("a size such as 65536, 64KiB or 64MiB", v);
                }
                if (range != null && (n < size(range.min()) || n > size(range.max()))) {
                    throw expected("a size from " + range, v);
                }
                if (n < 1024) {
                    throw expected("a size of at least 1KiB", v);
                }
                return n;
            }
            case COUNT: {
                long n;
                try {
                    n = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw expected("a positive whole number", v);
                }
                if (range != null && (n < Long.parseLong(range.min()) || n > Long.parseLong(range.max()))) {
                    throw expected("a whole number from " + range, v);
                }
                if (n < 1) {
                    throw expected("a positive whole number", v);
                }
                return n;
            }
            case URL: {
                try {
                    URI u = new URI(v);
                    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                    if ((!scheme.equals("http") && !scheme.equals("https")) || u.getHost() == null) {
                        throw new java.net.URISyntaxException(v, "not http or https");
                    }
                    return u;
                } catch (java.net.URISyntaxException e) {
                    throw expected("an http or https URL", v);
                }
            }
            default:
                if (v.isEmpty()) {
                    throw expected(kind == Kind.GLOB ? "a file pattern" : "a file", v);
                }
                return v;
        }
    }

    /** A size in bytes: {@code 65536}, {@code 64KiB}, {@code 64MiB} or {@code 1GiB}. */
    static long size(String v) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 65536, 64KiB or 64MiB, found '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1024L;
            case "MiB" -> 1024L * 1024;
            case "GiB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        // Saturates, so that a huge value is reported as out of range rather than wrapping around.
        return n > Long.MAX_VALUE / factor ? Long.MAX_VALUE : n * factor;
    }

    /** {@code 500ms}, {@code 5s}, {@code 5m}, {@code 1h}, {@code 7d}, or ISO-8601 such as {@code PT5S}. */
    static Duration duration(String v) {
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s, 5m, 1h, 7d or PT5S, found '" + v + "'");
        }
    }

    private IllegalArgumentException expected(String what, String found) {
        return new IllegalArgumentException(key + " expects " + what + ", found '" + found + "'");
    }
}
