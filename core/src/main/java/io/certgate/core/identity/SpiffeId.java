package io.certgate.core.identity;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A SPIFFE ID ({@code spiffe://trust-domain/path}) validated by the rules of the SPIFFE ID specification:
 * lower-case scheme {@code spiffe}; a non-empty trust domain of at most 255 {@code [a-z0-9.-_]} with no port or
 * user info; a path of non-empty segments of {@code [a-zA-Z0-9.-_]}, none {@code .} or {@code ..}, no trailing
 * slash; no query or fragment; at most 2048 bytes. The ID of a trust domain itself, without a path, is valid here;
 * an X.509-SVID's leaf certificate needs a path, which {@link ClientIdentity} checks.
 */
public final class SpiffeId {
    private static final int MAX_LENGTH = 2048;
    private static final int MAX_TRUST_DOMAIN_LENGTH = 255;
    private static final String PREFIX = "spiffe://";

    private final String trustDomain;
    private final String path;

    private SpiffeId(String trustDomain, String path) {
        this.trustDomain = trustDomain;
        this.path = path;
    }

    /**
     * Parses and validates a SPIFFE ID.
     *
     * @throws IllegalArgumentException naming the rule the text breaks
     */
    public static SpiffeId parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException("SPIFFE ID longer than " + MAX_LENGTH + " bytes");
        }
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("SPIFFE ID must start with 'spiffe://'");
        }
        String rest = uri.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String td = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (td.isEmpty()) {
            throw new IllegalArgumentException("SPIFFE ID has an empty trust domain");
        }
        for (int i = 0; i < td.length(); i++) {
            char c = td.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("SPIFFE ID trust domain has character '" + printable(c)
                        + "'; only lower-case letters, digits, '.', '-' and '_' are allowed");
            }
        }
        if (td.length() > MAX_TRUST_DOMAIN_LENGTH) {
            throw new IllegalArgumentException("SPIFFE ID trust domain longer than " + MAX_TRUST_DOMAIN_LENGTH
                    + " bytes");
        }
        if (!path.isEmpty()) {
            for (String segment : path.substring(1).split("/", -1)) {
                if (segment.isEmpty()) {
                    throw new IllegalArgumentException("SPIFFE ID path has an empty segment or a trailing '/'");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("SPIFFE ID path has a '" + segment + "' segment");
                }
                for (int i = 0; i < segment.length(); i++) {
                    char c = segment.charAt(i);
                    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                            || c == '.' || c == '-' || c == '_')) {
                        throw new IllegalArgumentException("SPIFFE ID path has character '" + printable(c)
                                + "'; only letters, digits, '.', '-' and '_' are allowed");
                    }
                }
            }
        }
        return new SpiffeId(td, path);
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    public String trustDomain() {
        return trustDomain;
    }

    /** The path, starting with {@code /}, or empty for the trust domain's own ID. */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return PREFIX + trustDomain + path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpiffeId s && trustDomain.equals(s.trustDomain) && path.equals(s.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trustDomain, path);
    }
}
