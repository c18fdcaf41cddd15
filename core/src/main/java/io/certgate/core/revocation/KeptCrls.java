package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;

import java.net.URI;
import java.time.Instant;

/**
 * CRL downloads that verified, by distribution point URL, bounded by the total of their sizes
 * ({@code revocation.crl.cache.max-bytes}); when a new CRL does not fit, Caffeine evicts others. An evicted CRL is
 * downloaded again when next needed, so eviction never changes a decision, and a CRL larger than the bound is not
 * kept at all. A {@link RevocationRuntime} holds one for all its gates, so its bound is one budget for every web
 * application of a container. Thread-safe.
 */
final class KeptCrls {
    /** A verified CRL, to be used until {@code expiresAt}. */
    record Kept(byte[] der, Instant expiresAt) {
    }

    private final Cache<URI, Kept> kept;

    KeptCrls(long maxBytes) {
        this.kept = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((URI uri, Kept k) -> k.der().length)
                .executor(Runnable::run)
                .build();
    }

    /** The CRL kept for {@code uri} while it is to be used at {@code now}, else null. */
    Kept get(URI uri, Instant now) {
        Kept k = kept.getIfPresent(uri);
        if (k == null) {
            return null;
        }
        if (!now.isBefore(k.expiresAt())) {
            kept.asMap().remove(uri, k);
            return null;
        }
        return k;
    }

    /** Keeps a CRL that verified, replacing what {@code uri} had; one larger than the bound is not kept. */
    void keep(URI uri, byte[] der, Instant expiresAt) {
        if (der.length > maxBytes()) {
            return;
        }
        kept.put(uri, new Kept(der, expiresAt));
        kept.cleanUp();
    }

    /** The bytes of the CRLs kept now. */
    long bytes() {
        kept.cleanUp();
        return eviction().weightedSize().orElse(0);
    }

    long maxBytes() {
        return eviction().getMaximum();
    }

    /** Changes the bound, evicting at once what no longer fits. */
    void maxBytes(long bytes) {
        eviction().setMaximum(bytes);
        kept.cleanUp();
    }

    private Policy.Eviction<URI, Kept> eviction() {
        return kept.policy().eviction().orElseThrow();
    }
}
