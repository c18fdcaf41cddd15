package io.certgate.core.revocation;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificate facts one CRL check asks for repeatedly: parsed names, "did P sign C", validity, key usage, and the
 * certification path of a CRL signer that is not in the verified path (RFC 5280 §6.3.3 (f)). Caches per check;
 * not thread-safe, used by one check at a time.
 */
final class CrlCertificates {
    /** Longest signer path built, anchor included. */
    static final int MAX_PATH = 8;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private final Map<X509Certificate, DistinguishedName> subjects = new IdentityHashMap<>();
    private final Map<X509Certificate, DistinguishedName> issuers = new IdentityHashMap<>();
    private final Map<List<X509Certificate>, Boolean> signatures = new HashMap<>();

    /** The subject name, or null when it cannot be parsed (then it matches nothing). */
    DistinguishedName subject(X509Certificate c) {
        return subjects.computeIfAbsent(c, x -> name(x.getSubjectX500Principal().getEncoded()));
    }

    DistinguishedName issuer(X509Certificate c) {
        return issuers.computeIfAbsent(c, x -> name(x.getIssuerX500Principal().getEncoded()));
    }

    private static DistinguishedName name(byte[] der) {
        try {
            return DistinguishedName.fromDerShared(der);
        } catch (CertificateFormatException e) {
            return null;
        }
    }

    /** Whether {@code c}'s subject matches {@code name} (RFC 5280 §7.1). */
    boolean hasSubject(X509Certificate c, DistinguishedName name) {
        DistinguishedName s = subject(c);
        return s != null && name != null && s.matches(name);
    }

    /** Whether {@code parent} issued {@code child}: names chain and the signature verifies. */
    boolean issued(X509Certificate parent, X509Certificate child) {
        DistinguishedName childIssuer = issuer(child);
        if (childIssuer == null || !hasSubject(parent, childIssuer)) {
            return false;
        }
        return signedBy(child, parent);
    }

    /** Whether {@code child}'s signature verifies with {@code parent}'s key, whatever the names. */
    boolean signedBy(X509Certificate child, X509Certificate parent) {
        return signatures.computeIfAbsent(List.of(child, parent), k -> {
            try {
                child.verify(parent.getPublicKey());
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        });
    }

    static boolean validAt(X509Certificate c, Instant now) {
        return !now.isBefore(c.getNotBefore().toInstant()) && !now.isAfter(c.getNotAfter().toInstant());
    }

    /** Whether keyUsage, when present, allows signing CRLs. */
    static boolean allowsCrlSign(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        return ku == null || (ku.length > CRL_SIGN && ku[CRL_SIGN]);
    }

    static boolean isCa(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        return c.getBasicConstraints() >= 0 && (ku == null || (ku.length > KEY_CERT_SIGN && ku[KEY_CERT_SIGN]));
    }

    /**
     * A certification path for {@code signer}, anchor first and {@code signer} last, built from {@code pool} up to
     * a certificate of {@code trusted} (a prefix of an already verified path, anchor first). Every certificate
     * added is valid at {@code now}, every one above the signer is a CA (basicConstraints cA, keyCertSign when
     * keyUsage is present) and every signature verifies. Returns null when there is no such path.
     */
    List<X509Certificate> path(X509Certificate signer, List<X509Certificate> trusted,
                               Collection<X509Certificate> pool, Instant now) {
        List<X509Certificate> below = new ArrayList<>();
        below.add(signer);
        List<X509Certificate> found = extend(below, trusted, pool, now);
        if (found == null) {
            return null;
        }
        Collections.reverse(found);
        return found;
    }

    /** {@code below} is the partial path, signer first; returns the completed path signer first, or null. */
    private List<X509Certificate> extend(List<X509Certificate> below, List<X509Certificate> trusted,
                                         Collection<X509Certificate> pool, Instant now) {
        X509Certificate top = below.get(below.size() - 1);
        if (!validAt(top, now)) {
            return null;
        }
        for (int i = trusted.size() - 1; i >= 0; i--) {
            X509Certificate t = trusted.get(i);
            if (issued(t, top)) {
                List<X509Certificate> out = new ArrayList<>(below);
                for (int j = i; j >= 0; j--) {
                    out.add(trusted.get(j));
                }
                return out;
            }
        }
        if (below.size() + 1 >= MAX_PATH) {
            return null;
        }
        for (X509Certificate candidate : pool) {
            if (below.contains(candidate) || trusted.contains(candidate) || !isCa(candidate)
                    || !issued(candidate, top)) {
                continue;
            }
            below.add(candidate);
            List<X509Certificate> out = extend(below, trusted, pool, now);
            if (out != null) {
                return out;
            }
            below.remove(below.size() - 1);
        }
        return null;
    }
}
