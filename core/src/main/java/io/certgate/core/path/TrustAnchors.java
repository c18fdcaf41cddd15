package io.certgate.core.path;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code trust.anchors} of a gate: validates every presented chain to one of them (RFC 5280, see {@link
 * PkixValidation}) by the gate's clock, giving the {@link VerifiedPath} the rest of certgate uses. Thread-safe.
 *
 * <p>A validated path is kept with the leaf object and the presented array it came from (weakly: TLS stacks hand
 * the same objects to every request of a session), and reused while the clock stays within the validity of every
 * certificate on it; refusals are not kept.
 */
public final class TrustAnchors {
    private final PkixValidation validation;
    private final Cache<X509Certificate, Memo> memos = Caffeine.newBuilder()
            .weakKeys().maximumSize(10_000).executor(Runnable::run).build();

    private TrustAnchors(PkixValidation validation) {
        this.validation = validation;
    }

    /**
     * Trust anchors for validation.
     *
     * @throws IllegalArgumentException when {@code anchors} is empty
     */
    public static TrustAnchors of(Collection<X509Certificate> anchors) {
        return new TrustAnchors(PkixValidation.of(anchors));
    }

    /** The anchors' certificates. */
    public List<X509Certificate> anchors() {
        return validation.anchors();
    }

    /**
     * The validated path of a presented chain at {@code at}, or empty with why not in {@code refusal}.
     *
     * @param leafFirst the leaf, then the other presented certificates in any order
     * @param refusal   receives the reason when the chain does not validate
     */
    public Optional<VerifiedPath> validate(X509Certificate[] leafFirst, Instant at, StringBuilder refusal) {
        Objects.requireNonNull(at, "at");
        X509Certificate leaf = leafFirst[0];
        Memo memo = memos.getIfPresent(leaf);
        if (memo != null && memo.sameObjects(leafFirst) && !at.isBefore(memo.from) && !at.isAfter(memo.until)) {
            return Optional.of(memo.path);
        }
        List<X509Certificate> others = new ArrayList<>(leafFirst.length);
        for (int i = 1; i < leafFirst.length; i++) {
            others.add(leafFirst[i]);
        }
        PkixValidation.Result result = validation.validate(leaf, others, at, PkixValidation.PolicyInputs.DEFAULT);
        if (result instanceof PkixValidation.Invalid invalid) {
            refusal.append(invalid.reason());
            return Optional.empty();
        }
        PkixValidation.Valid valid = (PkixValidation.Valid) result;
        VerifiedPath path = VerifiedPath.validated(valid.path(), valid.anchor(), leafFirst.length - 1);
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate c : valid.path()) {
            Instant notBefore = c.getNotBefore().toInstant();
            Instant notAfter = c.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        memos.put(leaf, new Memo(leafFirst.clone(), path, from, until));
        return Optional.of(path);
    }

    private record Memo(X509Certificate[] presented, VerifiedPath path, Instant from, Instant until) {
        boolean sameObjects(X509Certificate[] other) {
            return Presented.sameObjects(presented, other);
        }
    }
}
