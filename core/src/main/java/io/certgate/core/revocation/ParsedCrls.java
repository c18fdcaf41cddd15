package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsed CRLs by the identity of their byte arrays: sources hand out the same array until the CRL changes (a
 * file is rewritten, a download is refreshed), so each CRL is parsed, indexed and signature-checked once.
 * Bounded by the estimated heap of the parsed CRLs ({@code revocation.crl.cache.max-bytes}); an evicted CRL is
 * parsed again when next needed, and one larger than the bound is used by the check that parsed it and not kept.
 * A {@link RevocationRuntime} holds one for all its gates: parsed CRLs are immutable and keyed by array identity, so
 * sharing is safe. Thread-safe.
 */
final class ParsedCrls {
    /** What a rejection weighs: its message and exception. */
    private static final int REJECTION_BYTES = 1024;

    /** A parsed CRL, or why its bytes are not a CRL. */
    record Parsed(Crl crl, CrlFormatException rejected) {
    }

    private final Cache<byte[], Parsed> parsed;

    ParsedCrls(long maxBytes) {
        this.parsed = Caffeine.newBuilder()
                .weakKeys()
                .maximumWeight(maxBytes)
                .weigher((byte[] der, Parsed p) -> p.crl() == null ? REJECTION_BYTES
                        : (int) Math.min(Integer.MAX_VALUE, p.crl().retainedBytes()))
                .executor(Runnable::run)
                .build();
    }

    Parsed get(byte[] der) {
        return parsed.get(der, ParsedCrls::parse);
    }

    static Parsed parse(byte[] der) {
        try {
            return new Parsed(Crl.parse(der), null);
        } catch (CrlFormatException e) {
            return new Parsed(null, e);
        } catch (RuntimeException e) {
            return new Parsed(null, new CrlFormatException("unreadable CRL: " + e));
        }
    }

    /**
     * Splits byte arrays into parsed CRLs and rejections, in the given order.
     *
     * @return what each array is, in the given order
     */
    List<Parsed> split(List<byte[]> ders, List<Crl> crls, List<CrlFormatException> rejected) {
        List<Parsed> each = new ArrayList<>(ders.size());
        for (byte[] der : ders) {
            Parsed p = get(der);
            each.add(p);
            if (p.crl() != null) {
                crls.add(p.crl());
            } else {
                rejected.add(p.rejected());
            }
        }
        return each;
    }

    /** The estimated heap of the parsed CRLs held now. */
    long bytes() {
        parsed.cleanUp();
        return eviction().weightedSize().orElse(0);
    }

    /** Changes the bound, evicting at once what no longer fits. */
    void maxBytes(long bytes) {
        eviction().setMaximum(bytes);
        parsed.cleanUp();
    }

    private Policy.Eviction<byte[], Parsed> eviction() {
        return parsed.policy().eviction().orElseThrow();
    }
}
