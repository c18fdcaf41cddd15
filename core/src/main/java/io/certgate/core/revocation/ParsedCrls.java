package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.List;

/**
 * Parsed CRLs by the identity of their byte arrays: sources hand out the same array until the CRL changes (a
 * file is rewritten, a download is refreshed), so each CRL is parsed, indexed and signature-checked once.
 * Thread-safe.
 */
final class ParsedCrls {
    /** One for the JVM: parsed CRLs are immutable and keyed by array identity, so sharing is safe. */
    static final ParsedCrls SHARED = new ParsedCrls();

    /** A parsed CRL, or why its bytes are not a CRL. */
    record Parsed(Crl crl, CrlFormatException rejected) {
    }

    private final Cache<byte[], Parsed> parsed = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(1_000)
            .executor(Runnable::run)
            .build();

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

    /** Splits byte arrays into parsed CRLs and rejections, in the given order. */
    void split(List<byte[]> ders, List<Crl> crls, List<CrlFormatException> rejected) {
        for (byte[] der : ders) {
            Parsed p = get(der);
            if (p.crl() != null) {
                crls.add(p.crl());
            } else {
                rejected.add(p.rejected());
            }
        }
    }
}
