package io.certgate.core.path;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;

import java.security.GeneralSecurityException;
import java.security.interfaces.DSAPublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RFC 5280 certification path validation of a client's certificate against configured trust anchors, with the
 * JDK's {@code PKIX} {@link CertPathValidator}: signatures, validity at a given instant, name chaining, basic
 * constraints and path length, key usage, name constraints, certificate policies (RFC 5280 §6.1.1 inputs in
 * {@link PolicyInputs}) and unrecognized critical extensions, as the JDK does them. Revocation is never checked
 * here and nothing is ever fetched: certgate's own revocation checking runs on the validated path afterwards.
 *
 * <p>The path is built from the leaf upwards over the client's other presented certificates, which may come in
 * any order and include unrelated ones (RFC 8446 §4.4.2). A certificate becomes a candidate issuer only when its
 * subject matches the child's issuer name (RFC 5280 name comparison, as {@link javax.security.auth.x500.X500Principal}
 * does it) and its key verifies the child's signature; trust anchors are tried before presented certificates.
 * Each complete candidate path is then validated by the JDK. The search is bounded, because the presented
 * certificates are the client's to choose: at most {@value #MAX_PRESENTED} other certificates are considered (the
 * rest are ignored), a path has at most {@value #MAX_PATH_LENGTH} certificates below the anchor, at most
 * {@value #MAX_CANDIDATES} candidate paths are validated and at most {@value #MAX_STEPS} issuer look-ups are made.
 * (The JDK's own {@code CertPathBuilder} is not used: it reports a failed search without saying what failed, and
 * its search over self-issued certificates, which path length limits do not count, is not bounded.)
 *
 * <p>Trust anchors are used as RFC 5280 §6.1.1 (d) describes: their name and key only; their validity and
 * extensions are not checked. A leaf that is itself a trust anchor is refused: anchors issue client
 * certificates. The JDK's defaults stay in force: its algorithm constraints ({@code jdk.certpath.disabledAlgorithms},
 * e.g. RSA keys under 1024 bits) apply, and policy qualifiers in a critical certificatePolicies extension are
 * refused.
 *
 * <p>Instances are immutable and thread-safe. {@link #validate} never throws for a bad certificate or chain: it
 * returns {@link Invalid} with a short reason that names the certificate by its position, counted from the leaf
 * (0), and its subject, e.g. {@code certificate 1 (CN=Issuing CA,O=Example): signature does not verify with the key
 * of trust anchor CN=Root,O=Example}.
 */
public final class PkixValidation {
    /** The most other presented certificates considered; those after them are ignored. */
    public static final int MAX_PRESENTED = 16;
    /** The most certificates on a path below the trust anchor, the leaf included. */
    public static final int MAX_PATH_LENGTH = 10;
    /** The most candidate paths handed to the JDK's validator for one validation. */
    static final int MAX_CANDIDATES = 8;
    /** The most issuer look-ups path building makes for one validation. */
    static final int MAX_STEPS = 256;

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    private final List<X509Certificate> anchors;
    /** Each anchor's certificate as the validator's trust anchor, so a candidate path is validated against its own. */
    private final Map<X509Certificate, TrustAnchor> trustAnchors;

    private PkixValidation(List<X509Certificate> anchors) {
        this.anchors = anchors;
        Map<X509Certificate, TrustAnchor> map = new HashMap<>();
        for (X509Certificate a : anchors) {
            map.put(a, new TrustAnchor(a, null));
        }
        this.trustAnchors = Map.copyOf(map);
    }

    /**
     * A validation against {@code anchors}, duplicates removed.
     *
     * @throws IllegalArgumentException when {@code anchors} is empty or holds null: with no anchor nothing could
     *                                  ever be valid
     */
    public static PkixValidation of(Collection<X509Certificate> anchors) {
        Objects.requireNonNull(anchors, "anchors");
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("trust anchors must not be empty: no path could ever be valid");
        }
        Set<X509Certificate> distinct = new LinkedHashSet<>();
        for (X509Certificate a : anchors) {
            if (a == null) {
                throw new IllegalArgumentException("trust anchors must not contain null");
            }
            distinct.add(a);
        }
        return new PkixValidation(List.copyOf(distinct));
    }

    /** The trust anchors' certificates, in the order given, without duplicates. */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /**
     * Builds and validates a path from {@code leaf} to one of the trust anchors.
     *
     * @param leaf   the client's certificate; null gives {@link Invalid}
     * @param others the client's other presented certificates, in any order; null elements and copies of the leaf
     *               or of an anchor are passed over, and only the first {@value #MAX_PRESENTED} of the rest are
     *               considered
     * @param at     the validation time (the gate's clock)
     * @param policy the RFC 5280 policy inputs, usually {@link PolicyInputs#DEFAULT}
     * @return {@link Valid} with the first candidate path that validates, else {@link Invalid} with the reason
     *         the most preferred candidate failed, or why no candidate path could be built
     * @throws NullPointerException when {@code at} or {@code policy} is null (a programming error, not bad input)
     */
    public Result validate(X509Certificate leaf, Collection<X509Certificate> others, Instant at, PolicyInputs policy) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(policy, "policy");
        if (leaf == null) {
            return new Invalid("no client certificate");
        }
        if (anchors.contains(leaf)) {
            return new Invalid("certificate 0 (" + subject(leaf) + ") is itself a trust anchor; a trust anchor issues"
                    + " client certificates and is not one");
        }
        List<X509Certificate> pool = new ArrayList<>();
        int ignored = 0;
        if (others != null) {
            Set<X509Certificate> seen = new LinkedHashSet<>();
            for (X509Certificate c : others) {
                if (c == null || c.equals(leaf) || anchors.contains(c) || !seen.add(c)) {
                    continue;
                }
                if (pool.size() < MAX_PRESENTED) {
                    pool.add(c);
                } else {
                    ignored++;
                }
            }
        }
        String note = ignored == 0 ? "" : " (only the first " + MAX_PRESENTED + " of " + (MAX_PRESENTED + ignored)
                + " other presented certificates were considered)";
        try {
            Search search = new Search(pool);
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            search.extend(path);
            String firstFailure = null;
            for (Candidate c : search.found) {
                String failure = validatePath(c, at, policy);
                if (failure == null) {
                    return new Valid(c.path(), c.anchor());
                }
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
            if (firstFailure != null) {
                return new Invalid(firstFailure + note);
            }
            if (search.deadEnd != null) {
                return new Invalid(search.deadEnd + note);
            }
            return new Invalid("no path from certificate 0 (" + subject(leaf) + ") to a trust anchor within "
                    + MAX_STEPS + " issuer look-ups" + note);
        } catch (RuntimeException e) {
            // A certificate the JDK parsed but cannot process (an unusual key or extension encoding).
            return new Invalid("the certificates could not be processed: " + message(e) + note);
        }
    }

    /** A complete candidate path, leaf first, and the anchor that issued its last certificate. */
    private record Candidate(List<X509Certificate> path, X509Certificate anchor) {
    }

    /** Bounded depth-first search for candidate paths, preferred ones first. */
    private final class Search {
        private final List<X509Certificate> pool;
        private final Map<List<X509Certificate>, Boolean> signatures = new HashMap<>();
        private final List<Candidate> found = new ArrayList<>();
        /** Why the first path explored could not be continued, if it could not. */
        private String deadEnd;
        private int steps;

        Search(List<X509Certificate> pool) {
            this.pool = pool;
        }

        /** Extends {@code path} (leaf first) by every issuer of its last certificate, anchors first. */
        void extend(List<X509Certificate> path) {
            if (found.size() >= MAX_CANDIDATES || steps >= MAX_STEPS) {
                return;
            }
            steps++;
            int index = path.size() - 1;
            X509Certificate top = path.get(index);
            X509Certificate wrongKey = null;
            boolean anchorsFound = false;
            for (X509Certificate a : anchors) {
                if (a.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
                    if (signs(a, top)) {
                        found.add(new Candidate(List.copyOf(path), a));
                        anchorsFound = true;
                    } else if (wrongKey == null) {
                        wrongKey = a;
                    }
                }
            }
            boolean extended = false;
            for (X509Certificate c : pool) {
                if (found.size() >= MAX_CANDIDATES || steps >= MAX_STEPS) {
                    return;
                }
                if (!c.getSubjectX500Principal().equals(top.getIssuerX500Principal()) || path.contains(c)) {
                    continue;
                }
                if (!signs(c, top)) {
                    if (wrongKey == null) {
                        wrongKey = c;
                    }
                    continue;
                }
                if (path.size() >= MAX_PATH_LENGTH) {
                    deadEnd("the path is longer than " + MAX_PATH_LENGTH + " certificates at " + describe(index, top));
                    continue;
                }
                extended = true;
                path.add(c);
                extend(path);
                path.remove(path.size() - 1);
            }
            if (anchorsFound || extended) {
                return;
            }
            if (wrongKey != null) {
                deadEnd(describe(index, top) + ": signature does not verify with the key of "
                        + (anchors.contains(wrongKey) ? "trust anchor " : "presented certificate ") + subject(wrongKey));
            } else if (top.getIssuerX500Principal().equals(top.getSubjectX500Principal())) {
                deadEnd(describe(index, top) + " is self-issued and not a trust anchor");
            } else {
                deadEnd(describe(index, top) + ": its issuer " + issuer(top)
                        + " is neither a trust anchor nor among the presented certificates");
            }
        }

        private void deadEnd(String why) {
            if (deadEnd == null) {
                deadEnd = why;
            }
        }

        /** Whether {@code issuer}'s key verifies {@code child}'s signature (memoized per pair). */
        private boolean signs(X509Certificate issuer, X509Certificate child) {
            return signatures.computeIfAbsent(List.of(issuer, child), k -> {
                // A DSA key without parameters inherits them from its own issuer (RFC 5280 §6.1.4 (f)), which is not
                // known yet: the validator checks that signature with the inherited parameters.
                return Signatures.verifies(child, issuer.getPublicKey())
                        || issuer.getPublicKey() instanceof DSAPublicKey dsa && dsa.getParams() == null;
            });
        }
    }

    /** Null when {@code candidate} validates, else why not. */
    private String validatePath(Candidate candidate, Instant at, PolicyInputs policy) {
        List<X509Certificate> path = candidate.path();
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(trustAnchors.get(candidate.anchor())));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.setInitialPolicies(policy.initialPolicies());
            params.setExplicitPolicyRequired(policy.explicitPolicy());
            params.setPolicyMappingInhibited(policy.inhibitMapping());
            params.setAnyPolicyInhibited(policy.inhibitAnyPolicy());
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return null;
        } catch (CertPathValidatorException e) {
            return failure(e, path, at);
        } catch (GeneralSecurityException e) {
            return "the path could not be validated: " + message(e);
        }
    }

    /** The validator's failure in certgate's words, naming the certificate it is about. */
    private static String failure(CertPathValidatorException e, List<X509Certificate> path, Instant at) {
        int index = e.getIndex();
        X509Certificate cert = index >= 0 && index < path.size() ? path.get(index) : null;
        String who = cert == null ? "the path" : describe(index, cert);
        CertPathValidatorException.Reason reason = e.getReason();
        String what;
        if (reason == CertPathValidatorException.BasicReason.EXPIRED && cert != null) {
            what = "expired at " + cert.getNotAfter().toInstant() + " (validation time " + at + ")";
        } else if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID && cert != null) {
            what = "not valid before " + cert.getNotBefore().toInstant() + " (validation time " + at + ")";
        } else if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            what = "signature does not verify";
        } else if (reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            what = "uses a disallowed algorithm or key size (" + message(e) + ")";
        } else if (reason == PKIXReason.NAME_CHAINING) {
            what = "issuer name does not match the subject of the certificate above it";
        } else if (reason == PKIXReason.NOT_CA_CERT) {
            what = "is not a CA certificate (basicConstraints) but issued certificate " + (index - 1);
        } else if (reason == PKIXReason.PATH_TOO_LONG) {
            what = "exceeds the path length constraint (pathLenConstraint) of a certificate above it";
        } else if (reason == PKIXReason.INVALID_KEY_USAGE) {
            what = "key usage does not allow signing certificates";
        } else if (reason == PKIXReason.INVALID_NAME) {
            what = "a name is outside the name constraints of a certificate above it";
        } else if (reason == PKIXReason.INVALID_POLICY) {
            String m = message(e);
            what = m.contains("policy tree is null")
                    ? "no acceptable certificate policy is left and an explicit policy is required"
                    : "certificate policy processing failed (" + m + ")";
        } else if (reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            what = "has an unrecognized critical extension";
        } else if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            what = "does not chain to a trust anchor";
        } else {
            what = "failed validation (" + message(e) + ")";
        }
        return who + (what.startsWith("is ") || what.startsWith("has ") || what.startsWith("does ")
                || what.startsWith("exceeds ") ? " " : ": ") + what;
    }

    private static String describe(int index, X509Certificate cert) {
        return "certificate " + index + " (" + subject(cert) + ")";
    }

    private static String subject(X509Certificate cert) {
        return name(cert.getSubjectX500Principal().getEncoded());
    }

    private static String issuer(X509Certificate cert) {
        return name(cert.getIssuerX500Principal().getEncoded());
    }

    /** A name printed as RFC 4514 with certgate's escaping, so a certificate cannot forge the message's layout. */
    private static String name(byte[] der) {
        try {
            String s = DistinguishedName.fromDer(der).toString();
            return s.isEmpty() ? "an empty name" : s;
        } catch (CertificateFormatException e) {
            return "an unreadable name";
        }
    }

    /** An exception's message without the JDK's class-name prefixes, or its kind when it has none. */
    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", "");
        return io.certgate.core.identity.DisplayText.escape(m.strip());
    }

    /**
     * The RFC 5280 §6.1.1 policy inputs: (c) the user-initial-policy-set (empty for any-policy), (e) initial-policy-
     * mapping-inhibit, (f) initial-explicit-policy and (g) initial-any-policy-inhibit.
     *
     * @param initialPolicies dotted policy OIDs; empty means any policy
     * @throws IllegalArgumentException when an initial policy is not a dotted OID
     */
    public record PolicyInputs(Set<String> initialPolicies, boolean explicitPolicy, boolean inhibitMapping,
                               boolean inhibitAnyPolicy) {
        /** Any policy, no policy required, mapping and anyPolicy allowed: what a TLS stack validates with. */
        public static final PolicyInputs DEFAULT = new PolicyInputs(Set.of(), false, false, false);

        public PolicyInputs {
            initialPolicies = Set.copyOf(initialPolicies);
            for (String oid : initialPolicies) {
                if (!OID.matcher(oid).matches()) {
                    throw new IllegalArgumentException("initial policy must be a dotted OID such as 2.5.29.32.0: ["
                            + io.certgate.core.identity.DisplayText.escape(oid) + "]");
                }
            }
        }
    }

    /** The outcome of {@link #validate}. */
    public sealed interface Result permits Valid, Invalid {
    }

    /**
     * A valid path.
     *
     * @param path   the path, leaf first, the trust anchor excluded: what revocation checking runs over
     * @param anchor the trust anchor's certificate that issued the path's last certificate
     */
    public record Valid(List<X509Certificate> path, X509Certificate anchor) implements Result {
        public Valid {
            path = List.copyOf(path);
            Objects.requireNonNull(anchor, "anchor");
        }

        /** The anchor, then the path from the top down to the leaf: the order {@code RevocationChecker.check} takes. */
        public List<X509Certificate> anchorFirst() {
            List<X509Certificate> out = new ArrayList<>(path.size() + 1);
            out.add(anchor);
            for (int i = path.size() - 1; i >= 0; i--) {
                out.add(path.get(i));
            }
            return List.copyOf(out);
        }
    }

    /**
     * No valid path.
     *
     * @param reason one line naming the certificate and what failed, for logs, audit records and the command line
     */
    public record Invalid(String reason) implements Result {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
