package io.certgate.core.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Orders the certificates a client presented by issuer links, leaf first. TLS 1.3 (RFC 8446 §4.4.2) requires only
 * the leaf to come first; the others may come in any order, and with certificates that are not on the path.
 * Thread-safe.
 *
 * <p>A presented certificate issued another when its subject matches the other's issuer (RFC 5280 §7.1) and, when
 * both carry them, its subjectKeyIdentifier equals the other's authorityKeyIdentifier. When several presented
 * certificates qualify, only those whose key verifies the other's signature remain, and the one from which the
 * path goes on to a self-issued certificate or to a configured issuer is chosen, else the one giving the longest
 * path, presented order breaking ties. A single qualifying certificate is taken without checking the signature:
 * the TLS stack verified the chain before certgate sees it, and a wrong issuer can only make the revocation
 * answer fail to validate (UNKNOWN), never GOOD. Certificates linked to nothing are ignored; each is used once, so
 * a loop ends the path.
 *
 * <p>Facts about a certificate (names, key identifiers, signatures checked, its configured issuer) are kept per
 * certificate object, weakly: TLS stacks hand the same objects to every request of a session.
 */
final class PresentedChains {
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    /** Bounds the search among same-named candidates (cross-signed duplicates). */
    private static final int MAX_STEPS = 64;

    private final Cache<X509Certificate, Facts> facts = Caffeine.newBuilder()
            .weakKeys().maximumSize(10_000).executor(Runnable::run).build();
    private final Function<X509Certificate, X509Certificate> configuredIssuer;

    /** @param configuredIssuer the certificate's issuer among the configured ones, or null */
    PresentedChains(Function<X509Certificate, X509Certificate> configuredIssuer) {
        this.configuredIssuer = configuredIssuer;
    }

    /**
     * The presented path, leaf first, and why it ends where it does.
     *
     * @param path the leaf, then each certificate's issuer among the presented ones
     * @param loopsTo when the top's issuer is a certificate already on the path (the presented certificates
     *                issue each other in a loop), that certificate; else null
     */
    record Ordered(List<X509Certificate> path, X509Certificate loopsTo) {
        X509Certificate top() {
            return path.get(path.size() - 1);
        }
    }

    /** Whether {@code cert} is self-issued: its subject matches its issuer (a trust anchor when on top). */
    boolean selfIssued(X509Certificate cert) {
        return facts(cert).selfIssued();
    }

    /** The issuer of {@code cert} among the configured ones, or null. */
    X509Certificate configured(X509Certificate cert) {
        return facts(cert).configured(configuredIssuer);
    }

    /**
     * Orders {@code leafFirst}: {@code leafFirst[0]} is the leaf, the rest in any order. The answer for the last
     * chain seen with a leaf is kept with it, for the next request of the session.
     */
    Ordered order(X509Certificate[] leafFirst) {
        X509Certificate leaf = leafFirst[0];
        Facts leafFacts = facts(leaf);
        Memo memo = leafFacts.memo;
        if (memo != null && memo.sameObjects(leafFirst)) {
            return memo.ordered;
        }
        Ordered ordered = orderUncached(leafFirst);
        leafFacts.memo = new Memo(leafFirst.clone(), ordered);
        return ordered;
    }

    /** An ordering and the array it was made for, compared element by element by identity. */
    private record Memo(X509Certificate[] presented, Ordered ordered) {
        boolean sameObjects(X509Certificate[] other) {
            if (other.length != presented.length) {
                return false;
            }
            for (int i = 0; i < other.length; i++) {
                if (other[i] != presented[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private Ordered orderUncached(X509Certificate[] leafFirst) {
        X509Certificate leaf = leafFirst[0];
        List<X509Certificate> others = new ArrayList<>(leafFirst.length - 1);
        for (int i = 1; i < leafFirst.length; i++) {
            if (leafFirst[i] != null && leafFirst[i] != leaf && !containsObject(others, leafFirst[i])) {
                others.add(leafFirst[i]);
            }
        }
        List<X509Certificate> path = new ArrayList<>(leafFirst.length);
        path.add(leaf);
        if (others.isEmpty()) {
            return new Ordered(path, null);
        }
        return new Search(leaf, others).extend(path);
    }

    private static boolean containsObject(List<X509Certificate> list, X509Certificate cert) {
        for (X509Certificate c : list) {
            if (c == cert) {
                return true;
            }
        }
        return false;
    }

    private Facts facts(X509Certificate cert) {
        return facts.get(cert, Facts::new);
    }

    /** One depth-first search for the best path from the leaf through the presented certificates. */
    private final class Search {
        private final X509Certificate leaf;
        private final Facts leafFacts;
        private final List<X509Certificate> others;
        private final Facts[] otherFacts;
        private int steps;

        Search(X509Certificate leaf, List<X509Certificate> others) {
            this.leaf = leaf;
            this.leafFacts = facts(leaf);
            this.others = others;
            this.otherFacts = new Facts[others.size()];
            for (int i = 0; i < otherFacts.length; i++) {
                otherFacts[i] = facts(others.get(i));
            }
        }

        private Facts factsOf(X509Certificate cert) {
            if (cert == leaf) {
                return leafFacts;
            }
            for (int i = 0; i < otherFacts.length; i++) {
                if (others.get(i) == cert) {
                    return otherFacts[i];
                }
            }
            return facts(cert);
        }

        /** The best path that starts with {@code path} (which this method may change and restore). */
        Ordered extend(List<X509Certificate> path) {
            X509Certificate top = path.get(path.size() - 1);
            Facts child = factsOf(top);
            // A self-issued certificate above the leaf is a trust anchor: the path ends there. (The leaf may be
            // self-issued and still have an issuer of its name, as after a key rollover.)
            if (path.size() > 1 && child.selfIssued()) {
                return new Ordered(List.copyOf(path), null);
            }
            List<X509Certificate> candidates = new ArrayList<>(2);
            X509Certificate loop = null;
            for (int i = 0; i < otherFacts.length; i++) {
                X509Certificate c = others.get(i);
                if (child.namedIssuer(otherFacts[i])) {
                    if (containsObject(path, c)) {
                        loop = loop == null ? c : loop;
                    } else {
                        candidates.add(c);
                    }
                }
            }
            if (candidates.size() > 1) {
                candidates.removeIf(c -> !child.signedBy(c));
            }
            Ordered best = null;
            for (X509Certificate candidate : candidates) {
                if (++steps > MAX_STEPS) {
                    break;
                }
                path.add(candidate);
                Ordered found = extend(path);
                path.remove(path.size() - 1);
                if (complete(found)) {
                    return found;
                }
                if (best == null || found.path().size() > best.path().size()) {
                    best = found;
                }
            }
            return best != null ? best : new Ordered(List.copyOf(path), loop);
        }

        private boolean complete(Ordered o) {
            Facts top = factsOf(o.top());
            return top.selfIssued() || top.configured(configuredIssuer) != null;
        }
    }

    /**
     * What linking needs from one certificate, each read once and when first needed: a leaf's own subject and
     * key identifier matter only if it issued another presented certificate.
     */
    private static final class Facts {
        /** Stands for a name or identifier that is absent or unreadable: it matches and refutes nothing. */
        private static final Object NONE = new Object();

        private final X509Certificate cert;
        private final DistinguishedName issuer;
        private final byte[] authorityKeyId;
        /** Null until read, then a DistinguishedName, a byte[] or NONE; a benign race, like String.hash. */
        private Object subject;
        private Object subjectKeyId;
        /** Signature checks by would-be issuer (compared by encoding). */
        private final Map<X509Certificate, Boolean> signedBy = new ConcurrentHashMap<>(2);
        private volatile Object configured;
        /** The last chain ordered with this certificate as its leaf. */
        private volatile Memo memo;

        Facts(X509Certificate cert) {
            this.cert = cert;
            this.issuer = name(cert.getIssuerX500Principal().getEncoded(), true);
            this.authorityKeyId = keyId(cert, AUTHORITY_KEY_IDENTIFIER);
        }

        private DistinguishedName subject() {
            Object s = subject;
            if (s == null) {
                DistinguishedName n = name(cert.getSubjectX500Principal().getEncoded(), false);
                s = n == null ? NONE : n;
                subject = s;
            }
            return s instanceof DistinguishedName n ? n : null;
        }

        private byte[] subjectKeyId() {
            Object k = subjectKeyId;
            if (k == null) {
                byte[] id = keyId(cert, SUBJECT_KEY_IDENTIFIER);
                k = id == null ? NONE : id;
                subjectKeyId = k;
            }
            return k instanceof byte[] id ? id : null;
        }

        /** Whether the subject matches the issuer (a trust anchor when on top). */
        boolean selfIssued() {
            DistinguishedName s = subject();
            return s != null && issuer != null && s.matches(issuer);
        }

        /** @param recurring whether the name is an issuer's, which many certificates share */
        private static DistinguishedName name(byte[] der, boolean recurring) {
            try {
                return recurring ? DistinguishedName.fromDerShared(der) : DistinguishedName.fromDer(der);
            } catch (CertificateFormatException e) {
                return null;
            }
        }

        /**
         * The keyIdentifier of the subject or authority key identifier extension, or null when absent or
         * unreadable (then it confirms nothing and refutes nothing).
         */
        private static byte[] keyId(X509Certificate cert, String oid) {
            byte[] wrapped = CertificateExtensions.value(cert, oid);
            if (wrapped == null) {
                return null;
            }
            try {
                byte[] value = CrlDer.extensionValue(wrapped, oid);
                if (oid.equals(SUBJECT_KEY_IDENTIFIER)) {
                    return CrlDer.single(value, CrlDer.OCTET_STRING, "subjectKeyIdentifier").value();
                }
                // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
                CrlDer.Reader aki = CrlDer.single(value, CrlDer.SEQUENCE, "authorityKeyIdentifier").children();
                if (!aki.hasMore() || aki.peekTag() != CrlDer.contextPrimitive(0)) {
                    return null;
                }
                aki.next(CrlDer.contextPrimitive(0), "keyIdentifier");
                return aki.value();
            } catch (CrlFormatException | RuntimeException e) {
                return null;
            }
        }

        /** Whether {@code parent}'s subject names this certificate's issuer and key identifiers do not disagree. */
        boolean namedIssuer(Facts parent) {
            DistinguishedName parentSubject = parent.subject();
            if (issuer == null || parentSubject == null || !parentSubject.matches(issuer)) {
                return false;
            }
            byte[] parentKeyId = authorityKeyId == null ? null : parent.subjectKeyId();
            return parentKeyId == null || Arrays.equals(authorityKeyId, parentKeyId);
        }

        boolean signedBy(X509Certificate parent) {
            return signedBy.computeIfAbsent(parent, p -> {
                try {
                    cert.verify(p.getPublicKey());
                    return true;
                } catch (GeneralSecurityException | RuntimeException e) {
                    return false;
                }
            });
        }

        X509Certificate configured(Function<X509Certificate, X509Certificate> lookup) {
            Object c = configured;
            if (c == null) {
                X509Certificate found = lookup.apply(cert);
                c = found == null ? Boolean.FALSE : found;
                configured = c;
            }
            return c instanceof X509Certificate x ? x : null;
        }
    }
}
