package io.certgate.core.path;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certification path from a client's leaf upwards in which every link is verified: each certificate's
 * signature verifies with the key of the next one, whose subject matches its issuer name (RFC 5280 §7.1), whose
 * basicConstraints say cA and whose keyUsage, when present, allows keyCertSign. Immutable and thread-safe.
 *
 * <p>Only certificates on such a path are used by certgate: as issuers, as signers, and as sources of revocation
 * URLs. A path may end early, at a certificate whose issuer was found nowhere ({@link #complete()} false); then
 * that certificate's revocation status cannot be established.
 */
public final class VerifiedPath {
    private final List<X509Certificate> certificates;
    private final boolean complete;
    private final X509Certificate anchor;
    private final int otherPresented;

    VerifiedPath(List<X509Certificate> certificates, boolean complete, X509Certificate anchor, int otherPresented) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a path has at least the leaf");
        }
        this.certificates = List.copyOf(certificates);
        this.complete = complete;
        this.anchor = anchor;
        this.otherPresented = otherPresented;
    }

    /** The leaf alone, with no verified issuer: for decisions that read nothing of the path. */
    public static VerifiedPath leafOnly(X509Certificate leaf) {
        return new VerifiedPath(List.of(leaf), false, null, 0);
    }

    /**
     * A path that a full RFC 5280 validation established against the configured trust anchors.
     *
     * @param leafFirst the validated path, leaf first, without the anchor
     * @param anchor    the trust anchor the path ends at
     */
    static VerifiedPath validated(List<X509Certificate> leafFirst, X509Certificate anchor, int otherPresented) {
        Objects.requireNonNull(anchor, "anchor");
        List<X509Certificate> all = new ArrayList<>(leafFirst.size() + 1);
        all.addAll(leafFirst);
        if (!all.get(all.size() - 1).equals(anchor)) {
            all.add(anchor);
        }
        return new VerifiedPath(all, true, anchor, otherPresented);
    }

    /** The path, leaf first; each certificate was issued by the next one. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The client's certificate. */
    public X509Certificate leaf() {
        return certificates.get(0);
    }

    /** The verified issuer of the leaf; empty when no certificate whose key signed the leaf was found. */
    public Optional<X509Certificate> issuer() {
        return certificates.size() > 1 ? Optional.of(certificates.get(1)) : Optional.empty();
    }

    /** The configured trust anchor the path was validated against; empty when {@code trust.anchors} is not set. */
    public Optional<X509Certificate> anchor() {
        return Optional.ofNullable(anchor);
    }

    /**
     * Whether the path reaches a certificate that needs no issuer: a self-issued certificate above the leaf, a
     * configured issuer or a trust anchor. When false, the top certificate's issuer is unknown.
     */
    public boolean complete() {
        return complete;
    }

    /** The top certificate: the trust anchor, a configured issuer, a root, or the last certificate found. */
    public X509Certificate top() {
        return certificates.get(certificates.size() - 1);
    }

    /** How many certificates other than the leaf the client presented (including those not on the path). */
    public int otherPresented() {
        return otherPresented;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("VerifiedPath[");
        for (int i = 0; i < certificates.size(); i++) {
            out.append(i == 0 ? "" : " <- ").append(certificates.get(i).getSubjectX500Principal().getName());
        }
        return out.append(complete ? "" : " (incomplete)").append(']').toString();
    }
}
