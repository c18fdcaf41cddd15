package io.certgate.core.path;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Builds the {@link VerifiedPath} of a chain a client presented. Thread-safe.
 *
 * <p>The TLS stack verified <em>a</em> path from the leaf to one of its trust anchors but does not say which, and
 * TLS 1.3 (RFC 8446 §4.4.2) lets the client send other certificates in any order. So the presented certificates
 * are only candidates, as are the configured issuers: a candidate becomes a certificate's issuer only when
 * {@link #issued} holds (for a configured issuer, {@link #issuedByAnchor}), whatever its name or key identifier
 * say. Presented certificates that verify nothing are
 * ignored. Among several verified issuers, the one from which the path reaches a self-issued certificate, a
 * configured issuer or an anchor is preferred, else the longest path, presented order breaking ties.
 *
 * <p>Work on hostile input is bounded: at most {@value #MAX_PRESENTED} presented certificates besides the leaf are
 * considered, a path has at most {@value #MAX_DEPTH} certificates, and at most {@value #MAX_STEPS} candidates are
 * tried per chain. Verified links are cached by the content of both certificates (bounded), because TLS stacks
 * may hand new certificate objects per session while intermediates are shared by many leaves: a first-seen leaf
 * under a known intermediate costs one signature verification.
 */
public final class PathBuilder {
    /** Presented certificates besides the leaf that are considered; the rest are ignored. */
    static final int MAX_PRESENTED = 16;
    static final int MAX_DEPTH = 10;
    static final int MAX_STEPS = 32;

    private final List<X509Certificate> configured;
    private final Cache<Link, Boolean> links = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    /** Names by certificate object, weakly: sessions hand the same objects to every request. */
    private final Cache<X509Certificate, Names> names = Caffeine.newBuilder()
            .weakKeys().maximumSize(10_000).executor(Runnable::run).build();
    /** The last path built for a leaf object, with the presented array it was built from. */
    private final Cache<X509Certificate, Memo> memos = Caffeine.newBuilder()
            .weakKeys().maximumSize(10_000).executor(Runnable::run).build();
    private final LongAdder signatureChecks = new LongAdder();

    private PathBuilder(Collection<X509Certificate> configured) {
        this.configured = List.copyOf(configured);
    }

    /**
     * A builder that also takes issuers from {@code configured} (the {@code revocation.issuers}), which, like
     * presented certificates, become issuers only by signature.
     */
    public static PathBuilder of(Collection<X509Certificate> configured) {
        return new PathBuilder(configured);
    }

    /** The configured issuer candidates. */
    public List<X509Certificate> configured() {
        return configured;
    }

    /** How many signatures this builder has verified so far (cached links are not verified again). */
    public long signatureChecks() {
        return signatureChecks.sum();
    }

    /**
     * Whether {@code parent} issued {@code child}: {@code child}'s issuer name matches {@code parent}'s subject
     * (RFC 5280 §7.1), {@code parent}'s basicConstraints say cA, its keyUsage (when present) allows keyCertSign,
     * and {@code child}'s signature verifies with {@code parent}'s key. Answers are cached by content.
     */
    public boolean issued(X509Certificate parent, X509Certificate child) {
        return link(parent, child, false);
    }

    /**
     * Whether the trust anchor {@code anchor}, a certificate the operator configured, issued {@code child}: as
     * {@link #issued}, without the CA constraints, which RFC 5280 §6.1 does not apply to a trust anchor (old
     * version 1 roots have none).
     */
    public boolean issuedByAnchor(X509Certificate anchor, X509Certificate child) {
        return link(anchor, child, true);
    }

    /**
     * Whether {@code anchorFirst.get(index - 1)} issued {@code anchorFirst.get(index)} on an explicit path: as
     * {@link #issuedByAnchor} for the certificate below the anchor ({@code index == 1}), else as {@link #issued}, with
     * the issuer's key as it verifies on that path (a DSA key without parameters inherits them, RFC 5280 §6.1.4 (f)).
     */
    public boolean issuedOnPath(List<X509Certificate> anchorFirst, int index) {
        X509Certificate parent = anchorFirst.get(index - 1);
        return link(parent, anchorFirst.get(index), index == 1, SigningKeys.of(parent, anchorFirst));
    }

    private boolean link(X509Certificate parent, X509Certificate child, boolean anchor) {
        return link(parent, child, anchor, parent.getPublicKey());
    }

    private boolean link(X509Certificate parent, X509Certificate child, boolean anchor, PublicKey key) {
        Link link = new Link(child, parent, anchor, key);
        Boolean known = links.getIfPresent(link);
        if (known != null) {
            return known;
        }
        boolean verified = names(parent).subjectMatches(names(child)) && (anchor || mayIssue(parent))
                && verifies(child, key);
        links.put(link, verified);
        return verified;
    }

    private static boolean mayIssue(X509Certificate parent) {
        if (parent.getBasicConstraints() < 0) {
            return false;
        }
        boolean[] keyUsage = parent.getKeyUsage();
        return keyUsage == null || keyUsage.length > 5 && keyUsage[5];
    }

    private boolean verifies(X509Certificate child, PublicKey key) {
        signatureChecks.increment();
        return Signatures.verifies(child, key);
    }

    /**
     * The verified path of a presented chain: {@code leafFirst[0]} is the leaf, the rest in any order, possibly
     * with certificates that are not on the path.
     *
     * @throws IllegalArgumentException when there is no leaf
     */
    public VerifiedPath build(X509Certificate[] leafFirst) {
        if (leafFirst == null || leafFirst.length == 0 || leafFirst[0] == null) {
            throw new IllegalArgumentException("no leaf certificate");
        }
        X509Certificate leaf = leafFirst[0];
        Memo memo = memos.getIfPresent(leaf);
        if (memo != null && memo.sameObjects(leafFirst)) {
            return memo.path;
        }
        VerifiedPath path = new Search(leafFirst).run();
        memos.put(leaf, new Memo(leafFirst.clone(), path));
        return path;
    }

    /** A chain of one leaf and the configured issuers: the path a client that sent only its leaf gets. */
    public VerifiedPath build(X509Certificate leaf) {
        return build(new X509Certificate[] {leaf});
    }

    private Names names(X509Certificate cert) {
        return names.get(cert, Names::new);
    }

    /** Compared by content: X509Certificate equality compares encodings, and its hash code is kept. */
    private record Link(X509Certificate child, X509Certificate parent, boolean anchor, PublicKey key) {
    }

    private record Memo(X509Certificate[] presented, VerifiedPath path) {
        boolean sameObjects(X509Certificate[] other) {
            return Presented.sameObjects(presented, other);
        }
    }

    /** One bounded depth-first search from the leaf. */
    private final class Search {
        private final X509Certificate leaf;
        private final List<X509Certificate> candidates = new ArrayList<>();
        private final int otherPresented;
        private int steps;

        Search(X509Certificate[] leafFirst) {
            this.leaf = leafFirst[0];
            int others = 0;
            for (int i = 1; i < leafFirst.length; i++) {
                X509Certificate c = leafFirst[i];
                if (c == null) {
                    continue;
                }
                others++;
                if (others <= MAX_PRESENTED && !c.equals(leaf) && !candidates.contains(c)) {
                    candidates.add(c);
                }
            }
            for (X509Certificate c : configured) {
                if (!candidates.contains(c)) {
                    candidates.add(c);
                }
            }
            this.otherPresented = others;
        }

        VerifiedPath run() {
            List<X509Certificate> path = new ArrayList<>(4);
            path.add(leaf);
            Found best = extend(path);
            return new VerifiedPath(best.path, best.complete, null, otherPresented);
        }

        private Found extend(List<X509Certificate> path) {
            X509Certificate top = path.get(path.size() - 1);
            if (path.size() > 1 && (names(top).selfIssued() || configured.contains(top))) {
                return new Found(List.copyOf(path), true);
            }
            Found best = null;
            if (path.size() < MAX_DEPTH) {
                Names child = names(top);
                for (X509Certificate candidate : candidates) {
                    if (path.contains(candidate) || !names(candidate).subjectMatches(child)) {
                        continue;
                    }
                    if (++steps > MAX_STEPS) {
                        break;
                    }
                    if (!(configured.contains(candidate) ? issuedByAnchor(candidate, top) : issued(candidate, top))) {
                        continue;
                    }
                    path.add(candidate);
                    Found found = extend(path);
                    path.remove(path.size() - 1);
                    if (found.complete) {
                        return found;
                    }
                    if (best == null || found.path.size() > best.path.size()) {
                        best = found;
                    }
                }
            }
            return best != null ? best : new Found(List.copyOf(path), false);
        }
    }

    private record Found(List<X509Certificate> path, boolean complete) {
    }

    /** A certificate's subject and issuer names, read once; null when unreadable (then it matches nothing). */
    private static final class Names {
        private final DistinguishedName subject;
        private final DistinguishedName issuer;

        Names(X509Certificate cert) {
            this.subject = read(cert.getSubjectX500Principal().getEncoded(), false);
            this.issuer = read(cert.getIssuerX500Principal().getEncoded(), true);
        }

        private static DistinguishedName read(byte[] der, boolean recurring) {
            try {
                return recurring ? DistinguishedName.fromDerShared(der) : DistinguishedName.fromDer(der);
            } catch (CertificateFormatException e) {
                return null;
            }
        }

        /** Whether this certificate's subject matches {@code child}'s issuer name. */
        boolean subjectMatches(Names child) {
            return subject != null && child.issuer != null && !subject.isEmpty() && subject.matches(child.issuer);
        }

        boolean selfIssued() {
            return subjectMatches(this);
        }
    }
}
