package io.certgate.core.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * Parsed names by encoding, for names that recur: the issuer of every certificate a CA signs, and that CA's own
 * subject. Bounded, so names that do not recur (leaf subjects, hostile input) cost an insertion at worst.
 * One for the JVM on purpose, unlike revocation's threads and CRLs (see {@code RevocationRuntime}): it starts no
 * thread, holds only certgate's own immutable values (never a web application's class), and what it holds for a
 * stopped web application is evicted like any other name, so there is nothing to close. Thread-safe.
 */
final class SharedNames {
    private static final Cache<Encoding, DistinguishedName> NAMES = Caffeine.newBuilder()
            .maximumSize(1_000)
            .executor(Runnable::run)
            .build();

    private SharedNames() {
    }

    static DistinguishedName fromDer(byte[] der) throws CertificateFormatException {
        Encoding key = new Encoding(der);
        DistinguishedName name = NAMES.getIfPresent(key);
        if (name == null) {
            name = DistinguishedName.fromDer(der);
            NAMES.put(new Encoding(der.clone()), name);
        }
        return name;
    }

    /** A DER encoding as a map key, compared by content. */
    private static final class Encoding {
        private final byte[] der;
        private final int hash;

        Encoding(byte[] der) {
            this.der = der;
            this.hash = Arrays.hashCode(der);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Encoding e && hash == e.hash && Arrays.equals(der, e.der);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
