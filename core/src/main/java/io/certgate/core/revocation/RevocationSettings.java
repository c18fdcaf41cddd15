package io.certgate.core.revocation;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How certgate checks revocation: sources and their order, scope, freshness, limits and the failure policy.
 * Immutable; build with {@link #builder()}. Every setting has the name it has in a rules file
 * ({@code revocation.mode}, …) and a safe default.
 */
public final class RevocationSettings {
    /** Which sources are asked, in which order ({@code revocation.mode}). */
    public enum Mode {
        OCSP_THEN_CRL("ocsp-then-crl"), CRL_THEN_OCSP("crl-then-ocsp"), OCSP("ocsp"), CRL("crl"), OFF("off");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        /** The setting's value as written, e.g. {@code ocsp-then-crl}. */
        public String text() {
            return text;
        }

        public static Optional<Mode> parse(String s) {
            for (Mode m : values()) {
                if (m.text.equals(s.toLowerCase(Locale.ROOT))) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** Which certificates are checked ({@code revocation.scope}). */
    public enum Scope { LEAF, CHAIN }

    /** What an UNKNOWN status leads to ({@code revocation.on-unknown}). */
    public enum OnUnknown { DENY, ALLOW }

    /** The hash algorithm of OCSP request CertIDs ({@code revocation.ocsp.hash}). */
    public enum CertIdHash { SHA1, SHA256 }

    /** The max age applied to answers without nextUpdate when {@code revocation.max-age} is not set. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /** The default of {@code revocation.crl.cache.max-bytes}: 256 MiB. */
    public static final long DEFAULT_CRL_CACHE_MAX_BYTES = 256L * 1024 * 1024;

    private final Mode mode;
    private final Scope scope;
    private final OnUnknown onUnknown;
    private final Duration timeout;
    private final Duration clockSkew;
    private final Duration maxAge;
    private final URI ocspResponder;
    private final boolean ocspResponderOverride;
    private final X509Certificate ocspResponderCert;
    private final boolean ocspNonce;
    private final CertIdHash ocspHash;
    private final boolean ocspGet;
    private final int maxOcspBytes;
    private final long maxCrlBytes;
    private final long crlCacheMaxBytes;
    private final Duration cacheMaxTtl;
    private final long cacheMaxEntries;

    private RevocationSettings(Builder b) {
        this.mode = b.mode;
        this.scope = b.scope;
        this.onUnknown = b.onUnknown;
        this.timeout = b.timeout;
        this.clockSkew = b.clockSkew;
        this.maxAge = b.maxAge;
        this.ocspResponder = b.ocspResponder;
        this.ocspResponderOverride = b.ocspResponderOverride;
        this.ocspResponderCert = b.ocspResponderCert;
        this.ocspNonce = b.ocspNonce;
        this.ocspHash = b.ocspHash;
        this.ocspGet = b.ocspGet;
        this.maxOcspBytes = b.maxOcspBytes;
        this.maxCrlBytes = b.maxCrlBytes;
        this.crlCacheMaxBytes = b.crlCacheMaxBytes;
        this.cacheMaxTtl = b.cacheMaxTtl;
        this.cacheMaxEntries = b.cacheMaxEntries;
    }

    /** The defaults: OCSP then CRL, leaf only, deny on unknown, 5 s timeout, 5 min clock skew. */
    public static RevocationSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Mode mode() {
        return mode;
    }

    public Scope scope() {
        return scope;
    }

    public OnUnknown onUnknown() {
        return onUnknown;
    }

    /** One deadline for all network work of one check. Default 5 s. */
    public Duration timeout() {
        return timeout;
    }

    /** How far in the future thisUpdate may be. Default 5 minutes. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * The operator's bound on the age of an answer (thisUpdate), applied to every answer when set; when not
     * set, answers without nextUpdate are bounded by {@link #DEFAULT_MAX_AGE}.
     */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** The bound on thisUpdate's age for an answer with or without a nextUpdate. */
    public Optional<Duration> maxAgeFor(boolean hasNextUpdate) {
        if (maxAge != null) {
            return Optional.of(maxAge);
        }
        return hasNextUpdate ? Optional.empty() : Optional.of(DEFAULT_MAX_AGE);
    }

    /** The configured OCSP responder, used when a certificate names none, or always with the override. */
    public Optional<URI> ocspResponder() {
        return Optional.ofNullable(ocspResponder);
    }

    public boolean ocspResponderOverride() {
        return ocspResponderOverride;
    }

    /** A responder certificate the operator trusts to sign OCSP responses for any certificate. */
    public Optional<X509Certificate> ocspResponderCert() {
        return Optional.ofNullable(ocspResponderCert);
    }

    public boolean ocspNonce() {
        return ocspNonce;
    }

    public CertIdHash ocspHash() {
        return ocspHash;
    }

    public boolean ocspGet() {
        return ocspGet;
    }

    public int maxOcspBytes() {
        return maxOcspBytes;
    }

    public long maxCrlBytes() {
        return maxCrlBytes;
    }

    /**
     * The bound on the bytes of CRLs kept between checks, for the whole JVM: the verified downloads kept, and
     * separately the parsed CRLs. Shared by every web application of the JVM; the last one started sets it.
     * Default 256 MiB.
     */
    public long crlCacheMaxBytes() {
        return crlCacheMaxBytes;
    }

    public Duration cacheMaxTtl() {
        return cacheMaxTtl;
    }

    public long cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /** Builds {@link RevocationSettings}; every setter checks its value and names the setting when it refuses it. */
    public static final class Builder {
        private Mode mode = Mode.OCSP_THEN_CRL;
        private Scope scope = Scope.LEAF;
        private OnUnknown onUnknown = OnUnknown.DENY;
        private Duration timeout = Duration.ofSeconds(5);
        private Duration clockSkew = Duration.ofMinutes(5);
        private Duration maxAge;
        private URI ocspResponder;
        private boolean ocspResponderOverride;
        private X509Certificate ocspResponderCert;
        private boolean ocspNonce;
        private CertIdHash ocspHash = CertIdHash.SHA1;
        private boolean ocspGet;
        private int maxOcspBytes = 64 * 1024;
        private long maxCrlBytes = 64L * 1024 * 1024;
        private long crlCacheMaxBytes = DEFAULT_CRL_CACHE_MAX_BYTES;
        private Duration cacheMaxTtl = Duration.ofHours(1);
        private long cacheMaxEntries = 100_000;

        private Builder() {
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "revocation.mode");
            return this;
        }

        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope, "revocation.scope");
            return this;
        }

        public Builder onUnknown(OnUnknown onUnknown) {
            this.onUnknown = Objects.requireNonNull(onUnknown, "revocation.on-unknown");
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = positive("revocation.timeout", timeout);
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "revocation.clock-skew");
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("revocation.clock-skew must not be negative: [" + clockSkew + "]");
            }
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = positive("revocation.max-age", maxAge);
            return this;
        }

        public Builder ocspResponder(URI responder) {
            Objects.requireNonNull(responder, "revocation.ocsp.responder");
            String scheme = responder.getScheme() == null ? "" : responder.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("revocation.ocsp.responder must be an http or https URL: [" + responder + "]");
            }
            this.ocspResponder = responder;
            return this;
        }

        public Builder ocspResponderOverride(boolean override) {
            this.ocspResponderOverride = override;
            return this;
        }

        public Builder ocspResponderCert(X509Certificate cert) {
            this.ocspResponderCert = Objects.requireNonNull(cert, "revocation.ocsp.responder-cert");
            return this;
        }

        public Builder ocspNonce(boolean nonce) {
            this.ocspNonce = nonce;
            return this;
        }

        public Builder ocspHash(CertIdHash hash) {
            this.ocspHash = Objects.requireNonNull(hash, "revocation.ocsp.hash");
            return this;
        }

        public Builder ocspGet(boolean get) {
            this.ocspGet = get;
            return this;
        }

        public Builder maxOcspBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("revocation.ocsp.max-bytes must be at least 1024: [" + bytes + "]");
            }
            this.maxOcspBytes = bytes;
            return this;
        }

        public Builder maxCrlBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("revocation.crl.max-bytes must be at least 1024: [" + bytes + "]");
            }
            this.maxCrlBytes = bytes;
            return this;
        }

        public Builder crlCacheMaxBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("revocation.crl.cache.max-bytes must be at least 1024: [" + bytes + "]");
            }
            this.crlCacheMaxBytes = bytes;
            return this;
        }

        public Builder cacheMaxTtl(Duration ttl) {
            this.cacheMaxTtl = positive("revocation.cache.max-ttl", ttl);
            return this;
        }

        public Builder cacheMaxEntries(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("revocation.cache.max-entries must be positive: [" + entries + "]");
            }
            this.cacheMaxEntries = entries;
            return this;
        }

        public RevocationSettings build() {
            if (ocspResponderOverride && ocspResponder == null) {
                throw new IllegalArgumentException(
                        "revocation.ocsp.responder-override = true needs revocation.ocsp.responder");
            }
            return new RevocationSettings(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: [" + d + "]");
            }
            return d;
        }
    }
}
