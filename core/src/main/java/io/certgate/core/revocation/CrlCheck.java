package io.certgate.core.revocation;

import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.path.SigningKeys;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One run of RFC 5280 §6.3.3 over a set of parsed CRLs: the status of a certificate of a verified path, and,
 * recursively, of the CRL signers that are not on that path. Not thread-safe: {@link CrlValidator} makes one per
 * call.
 *
 * <p>The run follows the RFC's loop: for each of the certificate's distribution points (and then for the
 * distribution point the RFC assumes for CRLs issued by the certificate issuer), for each complete CRL, while the
 * certificate is not found revoked and the covered reasons are incomplete: check the CRL issuer (the certificate
 * issuer, or the distribution point's cRLIssuer together with indirectCRL), the issuingDistributionPoint scope,
 * the reasons, the signer (§6.3.3 (f, g)), freshness, a matching delta CRL (§5.2.4, §6.3.3 (c, h)), then look the
 * certificate up in the delta and the complete CRL (§5.3.3 certificate issuers included).
 */
final class CrlCheck {
    private static final int MAX_NESTING = 6;

    private final RevocationSettings settings;
    private final Instant now;
    private final List<Crl> completes = new ArrayList<>();
    private final List<Crl> deltas = new ArrayList<>();
    private final List<CrlFormatException> rejected;
    private final List<X509Certificate> mainPath;
    private final List<X509Certificate> extras;
    private final CrlCertificates certificates = new CrlCertificates();
    private final Set<X509Certificate> inProgress = new HashSet<>();
    private final Map<X509Certificate, RevocationStatus> signerStatus = new HashMap<>();
    /** CRLs whose signature this check linked to an authorized signer, by identity. */
    private final Set<Crl> authentic = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    CrlCheck(RevocationSettings settings, Instant now, List<Crl> crls, List<CrlFormatException> rejected,
             List<X509Certificate> mainPath, List<X509Certificate> extras) {
        this.settings = settings;
        this.now = now;
        for (Crl crl : crls) {
            (crl.isDelta() ? deltas : completes).add(crl);
        }
        this.rejected = rejected;
        this.mainPath = mainPath;
        this.extras = extras;
    }

    /** The status of {@code path.get(index)}; {@code path.get(0)} is the trust anchor. */
    RevocationStatus status(List<X509Certificate> path, int index) {
        X509Certificate cert = path.get(index);
        CrlTarget target;
        try {
            target = CrlTarget.of(cert);
        } catch (CrlFormatException e) {
            return unknown(UnknownCause.MALFORMED, "certificate serial " + CrlDer.serialHex(cert.getSerialNumber())
                    + " cannot be checked: " + e.getMessage());
        }
        if (completes.isEmpty() && deltas.isEmpty() && rejected.isEmpty()) {
            return unknown(UnknownCause.NO_SOURCE, target.describe() + ": no CRL is available");
        }
        if (inProgress.size() > MAX_NESTING) {
            return unknown(UnknownCause.INVALID, target.describe() + ": CRL signers nest more than " + MAX_NESTING
                    + " levels deep");
        }
        inProgress.add(cert);
        try {
            Run run = new Run(path, index, target);
            for (CrlDistributionPoint dp : target.distributionPoints) {
                run.process(dp);
            }
            run.process(target.issuerPoint);
            return run.result();
        } finally {
            inProgress.remove(cert);
        }
    }

    /** The CRLs whose signature this check linked to an authorized signer, so far. */
    Set<Crl> authentic() {
        return authentic;
    }

    private static RevocationStatus unknown(UnknownCause cause, String detail) {
        return RevocationStatus.unknown(RevocationStatus.Source.CRL, cause, detail);
    }

    /** The determination for one certificate. */
    private final class Run {
        private final List<X509Certificate> path;
        private final int index;
        private final CrlTarget target;
        private int reasons;
        private Hit revoked;
        private final List<Crl> used = new ArrayList<>();
        private Instant usedThisUpdate;
        private Instant usedNextUpdate;
        private CrlProblem problem;
        private final Map<Crl, Object> signers = new IdentityHashMap<>();

        Run(List<X509Certificate> path, int index, CrlTarget target) {
            this.path = path;
            this.index = index;
            this.target = target;
        }

        boolean determined() {
            return revoked != null || reasons == CrlReason.ALL_REASONS;
        }

        /**
         * The key that verifies what {@code signer} signed: a DSA key without domain parameters inherits those of the
         * nearest DSA key above it on the path (RFC 5280 §6.1.4 (f)); every other key is its own.
         */
        private PublicKey keyOf(X509Certificate signer) {
            PublicKey inPath = SigningKeys.of(signer, path);
            return inPath.equals(signer.getPublicKey()) ? SigningKeys.of(signer, mainPath) : inPath;
        }

        void process(CrlDistributionPoint dp) {
            for (Crl crl : completes) {
                if (determined()) {
                    return;
                }
                try {
                    evaluate(dp, crl);
                } catch (CrlFormatException e) {
                    problem(CrlProblem.failed(UnknownCause.MALFORMED, crl.describe() + ": " + e.getMessage()));
                }
            }
        }

        private void evaluate(CrlDistributionPoint dp, Crl crl) throws CrlFormatException {
            // (b)(1): who issued the CRL.
            if (dp.crlIssuer() != null) {
                if (!CrlGeneralName.anyDirectoryName(dp.crlIssuer(), crl.issuer())) {
                    return;
                }
                if (crl.idp() == null || !crl.idp().indirect()) {
                    scope(crl, "is issued by the distribution point's cRLIssuer but is not an indirect CRL");
                    return;
                }
            } else if (!crl.issuer().matches(target.issuer)) {
                return;
            }
            // (b)(2): the CRL's scope.
            CrlIssuingDistributionPoint idp = crl.idp();
            if (idp != null) {
                if (idp.name() != null) {
                    List<CrlGeneralName> idpNames = idp.name().resolve(List.of(
                            CrlGeneralName.directoryName(crl.issuerDer())));
                    List<CrlGeneralName> dpNames = dp.name() != null
                            ? dp.name().resolve(dp.crlIssuer() != null ? dp.crlIssuer() : List.of(target.issuerName))
                            : dp.crlIssuer();
                    if (!CrlGeneralName.anyMatch(idpNames, dpNames)) {
                        scope(crl, "covers distribution point " + idpNames + ", not " + dpNames);
                        return;
                    }
                }
                if (idp.onlyUserCerts() && target.ca) {
                    scope(crl, "covers only end-entity certificates (onlyContainsUserCerts) and the certificate is"
                            + " a CA");
                    return;
                }
                if (idp.onlyCaCerts() && !target.ca) {
                    scope(crl, "covers only CA certificates (onlyContainsCACerts) and the certificate is not a CA");
                    return;
                }
                if ((idp.onlyUserCerts() || idp.onlyCaCerts()) && target.version < 3) {
                    scope(crl, "covers only " + (idp.onlyUserCerts() ? "end-entity" : "CA") + " certificates, which"
                            + " excludes v" + target.version + " certificates (RFC 5280 §5.2.5)");
                    return;
                }
            }
            // (d), (e): reasons.
            int interim = (idp == null ? CrlReason.ALL_REASONS : idp.onlySomeReasons()) & dp.reasons();
            if ((interim & ~reasons) == 0) {
                if (interim == 0) {
                    scope(crl, "covers none of the reasons " + CrlReason.flags(dp.reasons())
                            + " of the distribution point");
                }
                return;
            }
            // (f), (g): the signer.
            X509Certificate signer = signer(crl);
            if (signer == null) {
                return;
            }
            // (a), (c), (h): freshness and delta CRL.
            CrlProblem completeFreshness = freshness(crl);
            Object delta = delta(crl, signer);
            if (delta instanceof CrlProblem p) {
                if (!revokedForGood(lookup(crl))) {
                    problem(p);
                }
                return;
            }
            Crl deltaCrl = (Crl) delta;
            // RFC 5280 §6.3.3 (a)(1)(i): a current delta CRL brings an outdated complete CRL up to date.
            boolean current = completeFreshness == null
                    || (completeFreshness.cause() == UnknownCause.STALE && deltaCrl != null
                    && (target.freshestCrl || crl.hasFreshestCrl()));
            // (i), (j), (k): look the certificate up, the delta first.
            Hit hit = deltaCrl == null ? null : lookup(deltaCrl);
            if (hit == null) {
                hit = lookup(crl);
            }
            if (!current) {
                if (!revokedForGood(hit)) {
                    problem(completeFreshness);
                }
                return;
            }
            if (hit != null && hit.reason != CrlReason.REMOVE_FROM_CRL) {
                revoked = hit;
                return;
            }
            // (l)
            reasons |= interim;
            use(crl, completeFreshness == null);
            if (deltaCrl != null) {
                use(deltaCrl, true);
            }
        }

        /**
         * Records a revocation found on an authentic CRL that cannot decide on its own (outdated, or its delta
         * unusable) when it is final: anything but certificateHold cannot be undone, so such a CRL still proves
         * the certificate revoked.
         */
        private boolean revokedForGood(Hit hit) {
            if (hit == null || hit.reason == CrlReason.CERTIFICATE_HOLD || hit.reason == CrlReason.REMOVE_FROM_CRL) {
                return false;
            }
            revoked = hit;
            return true;
        }

        /**
         * Records a CRL that decided part of the answer. The answer's thisUpdate is the oldest, its nextUpdate the
         * earliest, of the CRLs that were current; an outdated complete CRL carried by its delta counts only by
         * name.
         */
        private void use(Crl crl, boolean current) {
            used.add(crl);
            if (!current) {
                return;
            }
            if (usedThisUpdate == null || crl.thisUpdate().isBefore(usedThisUpdate)) {
                usedThisUpdate = crl.thisUpdate();
            }
            Optional<Instant> next = crl.nextUpdate();
            if (next.isPresent() && (usedNextUpdate == null || next.get().isBefore(usedNextUpdate))) {
                usedNextUpdate = next.get();
            }
        }

        /**
         * The CRL's entry for the certificate. RFC 5280 lists a certificate once per CRL; a CRL that lists it more
         * than once is judged by the entry that says most, so that no entry can hide a revocation: a final
         * revocation (the earliest), then certificateHold, then removeFromCRL.
         */
        private Hit lookup(Crl crl) {
            CrlEntries entries = crl.entries();
            int i = entries.first(target.serial);
            if (i < 0) {
                return null;
            }
            Hit found = null;
            do {
                int id = entries.issuer(i);
                boolean sameIssuer = id == 0 ? crl.issuer().matches(target.issuer)
                        : CrlGeneralName.anyDirectoryName(crl.entryIssuer(id), target.issuer);
                if (sameIssuer) {
                    Hit hit = new Hit(crl, entries.revocationTime(i), entries.reason(i));
                    if (found == null || weight(hit) > weight(found)
                            || weight(hit) == weight(found) && hit.time() < found.time()) {
                        found = hit;
                    }
                }
                i++;
            } while (entries.hasSerial(i, target.serial));
            return found;
        }

        private static int weight(Hit hit) {
            return hit.reason() == CrlReason.REMOVE_FROM_CRL ? 0 : hit.reason() == CrlReason.CERTIFICATE_HOLD ? 1 : 2;
        }

        /** Returns the authorized signer of {@code crl}, or null after recording why there is none. */
        private X509Certificate signer(Crl crl) {
            Object known = signers.get(crl);
            if (known != null) {
                if (known instanceof CrlProblem p) {
                    problem(p);
                    return null;
                }
                return (X509Certificate) known;
            }
            Object found = findSigner(crl);
            signers.put(crl, found);
            if (found instanceof CrlProblem p) {
                problem(p);
                return null;
            }
            authentic.add(crl);
            return (X509Certificate) found;
        }

        private Object findSigner(Crl crl) {
            // The first candidate of the search below, alone: the certificate's issuer usually signs its CRLs.
            X509Certificate issuer = path.get(index - 1);
            int excluded = path == mainPath ? index : index + 1;
            if (certificates.hasSubject(issuer, crl.issuer()) && !path.subList(excluded, path.size()).contains(issuer)
                    && crl.isSignedBy(keyOf(issuer)) && authorize(issuer) == null) {
                return issuer;
            }
            Set<X509Certificate> candidates = new LinkedHashSet<>();
            for (int i = index - 1; i >= 0; i--) {
                candidates.add(path.get(i));
            }
            candidates.addAll(extras);
            candidates.addAll(mainPath);
            // The certificate cannot vouch for its own CRL, except a CRL signer whose certificate is covered by
            // the very CRL it signs (PKITS 4.14.30): then it is checked as a signer, not at the top level.
            candidates.removeAll(path.subList(excluded, path.size()));
            candidates.removeIf(c -> !certificates.hasSubject(c, crl.issuer()));
            String unauthorized = null;
            for (X509Certificate candidate : candidates) {
                if (!crl.isSignedBy(keyOf(candidate))) {
                    continue;
                }
                String why = authorize(candidate);
                if (why == null) {
                    return candidate;
                }
                if (unauthorized == null) {
                    unauthorized = why;
                }
            }
            if (unauthorized != null) {
                return CrlProblem.failed(UnknownCause.UNAUTHORIZED_SIGNER, crl.describe() + " is signed by "
                        + unauthorized);
            }
            if (crl.algorithm().kind() == CrlSignatureAlgorithm.Kind.UNSUPPORTED) {
                return CrlProblem.failed(UnknownCause.BAD_SIGNATURE, crl.describe() + ": "
                        + crl.algorithm().unsupportedReason());
            }
            if (candidates.isEmpty()) {
                return CrlProblem.failed(UnknownCause.UNAUTHORIZED_SIGNER, crl.describe() + ": no certificate named "
                        + crl.issuer() + " among the path and the extra certificates can have signed it");
            }
            StringJoiner keys = new StringJoiner(", ");
            for (X509Certificate c : candidates) {
                keys.add("serial " + CrlDer.serialHex(c.getSerialNumber()));
            }
            return CrlProblem.failed(UnknownCause.BAD_SIGNATURE, "the " + crl.algorithm() + " signature of "
                    + crl.describe() + " does not verify with the key of " + crl.issuer() + " (" + keys + ")");
        }

        /** Null when {@code signer}, whose key verified the CRL, may sign it; else why not. */
        private String authorize(X509Certificate signer) {
            if (!CrlCertificates.allowsCrlSign(signer)) {
                return who(signer) + ", whose keyUsage lacks cRLSign";
            }
            int position = path.indexOf(signer);
            if (position >= 0 && position < index) {
                return null; // on the verified path
            }
            X509Certificate anchor = path.get(0);
            if (anchorKey(signer, anchor)) {
                return CrlCertificates.validAt(signer, now) ? null
                        : who(signer) + ", which is not valid at " + now;
            }
            Set<X509Certificate> pool = new LinkedHashSet<>(extras);
            pool.addAll(mainPath);
            pool.addAll(path);
            List<X509Certificate> signerPath = certificates.path(signer, path.subList(0, index), pool, now);
            if (signerPath == null) {
                return who(signer) + ", which has no valid certification path to the trust anchor " + certificates.subject(anchor)
                        + " at " + now;
            }
            for (int j = 1; j < signerPath.size(); j++) {
                X509Certificate c = signerPath.get(j);
                if (mainPath.contains(c) || path.subList(0, index).contains(c) || inProgress.contains(c)) {
                    continue;
                }
                RevocationStatus s = signerStatus.get(c);
                if (s == null) {
                    s = status(signerPath, j);
                    signerStatus.put(c, s);
                }
                if (s.status() != RevocationStatus.Status.GOOD) {
                    String whose = c == signer ? who(signer) : who(signer) + ", whose issuing certificate "
                            + certificates.subject(c)
                            + " serial " + CrlDer.serialHex(c.getSerialNumber());
                    return whose + " is " + (s.status() == RevocationStatus.Status.REVOKED ? "revoked: " : "of unknown"
                            + " revocation status: ") + s.detail();
                }
            }
            return null;
        }

        private String who(X509Certificate signer) {
            return "certificate " + certificates.subject(signer) + " serial " + CrlDer.serialHex(signer.getSerialNumber());
        }

        /**
         * Whether {@code signer} holds a key of the trust anchor itself: same name, and its key verifies the
         * anchor certificate (the anchor, or the earlier key that certified a rolled-over anchor key).
         */
        private boolean anchorKey(X509Certificate signer, X509Certificate anchor) {
            return certificates.hasSubject(signer, certificates.subject(anchor))
                    && certificates.signedBy(anchor, signer);
        }

        /** A matching delta CRL for {@code complete}, a problem, or null when there is none (§5.2.4). */
        private Object delta(Crl complete, X509Certificate signer) {
            if (deltas.isEmpty() || complete.number().isEmpty()) {
                return null;
            }
            List<Crl> matching = new ArrayList<>();
            for (Crl d : deltas) {
                if (d.issuer().matches(complete.issuer()) && sameScope(d, complete) && sameAuthorityKey(d, complete)
                        && d.number().isPresent()
                        && d.deltaBase().get().compareTo(complete.number().get()) <= 0
                        && complete.number().get().compareTo(d.number().get()) < 0) {
                    matching.add(d);
                }
            }
            if (matching.isEmpty()) {
                return null;
            }
            matching.sort(Comparator.comparing((Crl d) -> d.number().get()).reversed());
            CrlProblem first = null;
            for (Crl d : matching) {
                CrlProblem p;
                if (!d.isSignedBy(keyOf(signer))) {
                    p = CrlProblem.failed(UnknownCause.BAD_SIGNATURE, "the signature of " + d.describe()
                            + " does not verify with the key that signed " + complete.describe());
                } else {
                    authentic.add(d);
                    p = freshness(d);
                }
                if (p == null) {
                    return d;
                }
                first = first == null ? p : first;
            }
            return first;
        }

        private boolean sameScope(Crl a, Crl b) {
            return a.idp() == null ? b.idp() == null : b.idp() != null && a.idp().sameScope(b.idp());
        }

        private boolean sameAuthorityKey(Crl a, Crl b) {
            byte[] x = a.authorityKeyId();
            byte[] y = b.authorityKeyId();
            return x == null || y == null || Arrays.equals(x, y);
        }

        /** Null when {@code crl} is current at {@code now}; else STALE or NOT_YET_VALID. */
        private CrlProblem freshness(Crl crl) {
            Instant thisUpdate = crl.thisUpdate();
            Duration skew = settings.clockSkew();
            if (thisUpdate.isAfter(now.plus(skew))) {
                return CrlProblem.failed(UnknownCause.NOT_YET_VALID, crl.describe() + " has thisUpdate "
                        + thisUpdate + ", after " + now + " plus the allowed clock skew of " + skew);
            }
            Optional<Instant> nextUpdate = crl.nextUpdate();
            // the skew applies in the issuer's favour on both sides, as for OCSP answers
            if (nextUpdate.isPresent() && now.isAfter(nextUpdate.get().plus(skew))) {
                return CrlProblem.failed(UnknownCause.STALE, crl.describe() + " is outdated: its nextUpdate "
                        + nextUpdate.get() + " is before " + now + " (clock skew " + skew + ")");
            }
            Optional<Duration> maxAge = settings.maxAgeFor(nextUpdate.isPresent());
            if (maxAge.isPresent() && Duration.between(thisUpdate, now).compareTo(maxAge.get().plus(skew)) > 0) {
                return CrlProblem.failed(UnknownCause.STALE, crl.describe() + " is too old: its thisUpdate "
                        + thisUpdate + " is more than " + maxAge.get() + " before " + now);
            }
            return null;
        }

        private void scope(Crl crl, String why) {
            problem(CrlProblem.outOfScope(crl.describe() + " " + why));
        }

        private void problem(CrlProblem p) {
            problem = CrlProblem.worse(problem, p);
        }

        RevocationStatus result() {
            if (revoked != null) {
                String who = target.describe();
                Crl crl = revoked.crl;
                return RevocationStatus.revoked(RevocationStatus.Source.CRL, Instant.ofEpochSecond(revoked.time),
                        CrlReason.name(revoked.reason), crl.thisUpdate(), crl.nextUpdate().orElse(null),
                        who + " was revoked at " + Instant.ofEpochSecond(revoked.time) + " ("
                                + CrlReason.name(revoked.reason) + ") according to " + crl.describe());
            }
            if (reasons == CrlReason.ALL_REASONS) {
                BigInteger serial = target.serialNumber;
                DistinguishedName issuer = target.issuer;
                List<Crl.Label> labels = used.size() == 1 ? List.of(used.get(0).label())
                        : used.stream().map(Crl::label).toList();
                return RevocationStatus.good(RevocationStatus.Source.CRL, usedThisUpdate, usedNextUpdate, () -> {
                    StringJoiner sources = new StringJoiner(" and ");
                    labels.forEach(l -> sources.add(l.toString()));
                    return CrlTarget.describe(serial, issuer) + " is not revoked according to " + sources;
                });
            }
            CrlProblem p = problem;
            for (CrlFormatException e : rejected) {
                p = CrlProblem.worse(p, unreadable(e));
            }
            if (reasons != 0) {
                p = CrlProblem.worse(p, CrlProblem.outOfScope("the CRLs found cover only the reasons "
                        + CrlReason.flags(reasons) + ", not " + CrlReason.flags(CrlReason.ALL_REASONS & ~reasons)));
            }
            if (p == null) {
                p = CrlProblem.outOfScope(noCrl());
            }
            return unknown(p.cause(), target.describe() + ": " + p.detail());
        }

        private CrlProblem unreadable(CrlFormatException e) {
            Optional<DistinguishedName> issuer = e.issuer();
            if (issuer.isEmpty()) {
                return new CrlProblem(e.unknownCause(), "a CRL cannot be used: " + e.getMessage(),
                        CrlProblem.UNREADABLE_UNKNOWN_ISSUER);
            }
            boolean relevant = issuer.get().matches(target.issuer);
            for (CrlDistributionPoint dp : target.distributionPoints) {
                relevant |= dp.crlIssuer() != null && CrlGeneralName.anyDirectoryName(dp.crlIssuer(), issuer.get());
            }
            if (!relevant) {
                return null;
            }
            return new CrlProblem(e.unknownCause(), "the CRL of " + issuer.get() + " cannot be used: "
                    + e.getMessage(), CrlProblem.UNREADABLE_SAME_ISSUER);
        }

        private String noCrl() {
            for (Crl d : deltas) {
                if (d.issuer().matches(target.issuer)) {
                    return "only " + d.describe() + " is available; no complete CRL it applies to";
                }
            }
            int total = completes.size() + deltas.size();
            String where = " is issued by " + target.issuer + (target.distributionPoints.isEmpty() ? ""
                    : " for the certificate's distribution points " + target.distributionPoints);
            if (total == 1) {
                Crl only = completes.isEmpty() ? deltas.get(0) : completes.get(0);
                return "no CRL" + where + "; the one available is the " + only.describe();
            }
            return "none of the " + total + " CRLs" + where;
        }
    }

    /** An entry that matched the certificate. */
    private record Hit(Crl crl, long time, int reason) {
    }
}
