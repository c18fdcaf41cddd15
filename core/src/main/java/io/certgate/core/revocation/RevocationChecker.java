package io.certgate.core.revocation;

import io.certgate.core.path.PathBuilder;
import io.certgate.core.path.VerifiedPath;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Establishes the revocation status of the certificates of a {@link VerifiedPath} from OCSP responses and CRLs,
 * in the order the settings give. Thread-safe once built.
 *
 * <p>This class holds the policy (scope, source order, combination of answers); where responses and CRLs come
 * from is the job of {@link RevocationSources}.
 */
public final class RevocationChecker {
    private final RevocationSettings settings;
    private final RevocationSources sources;
    private final OcspValidator ocsp;
    private final CrlValidator crl;
    private final StatusCache cache;
    /** The runtime's, for network sources; else the checker's own (local sources hand out few CRLs). */
    private final ParsedCrls parsedCrls;
    /** Verifies links; keeps them by content, so leaves under the same intermediates reuse them. */
    private final PathBuilder paths;
    /** Loads that ended UNKNOWN, by cause ordinal. */
    private final LongAdder[] unknown = new LongAdder[UnknownCause.values().length];

    /** A checker without a cache: every check asks the sources (the command line's mode). */
    public RevocationChecker(RevocationSettings settings, RevocationSources sources) {
        this(settings, sources, null);
    }

    private RevocationChecker(RevocationSettings settings, RevocationSources sources, StatusCache cache) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.ocsp = new OcspValidator(settings);
        this.crl = new CrlValidator(settings);
        this.cache = cache;
        this.parsedCrls = sources instanceof NetworkSources n ? n.parsedCrls()
                : new ParsedCrls(RevocationSettings.DEFAULT_CRL_CACHE_MAX_BYTES);
        this.paths = PathBuilder.of(sources.extraCertificates());
        for (int i = 0; i < unknown.length; i++) {
            unknown[i] = new LongAdder();
        }
    }

    /**
     * A checker that caches statuses by (issuer key, serial) until their nextUpdate, refreshing entries in use
     * in the background on {@code refresher}.
     *
     * @param clock the time for validation and expiry
     */
    public static RevocationChecker cached(RevocationSettings settings, RevocationSources sources, Clock clock,
                                           Executor refresher) {
        return new RevocationChecker(settings, sources, new StatusCache(settings, clock, refresher));
    }

    /** Cache and fetch statistics; cache counters are zero for a checker without a cache. */
    public RevocationStatistics statistics() {
        FetchStatistics ocspFetches = sources instanceof NetworkSources n ? n.ocspStatistics() : FetchStatistics.none();
        FetchStatistics crlFetches = sources instanceof NetworkSources n ? n.crlStatistics() : FetchStatistics.none();
        Map<UnknownCause, Long> unknownByCause = new EnumMap<>(UnknownCause.class);
        for (UnknownCause c : UnknownCause.values()) {
            unknownByCause.put(c, unknown[c.ordinal()].sum());
        }
        long keptCrlBytes = sources instanceof NetworkSources n ? n.keptCrlBytes() : 0;
        long parsedCrlBytes = parsedCrls.bytes();
        if (cache == null) {
            return new RevocationStatistics(0, 0, 0, 0, 0, ocspFetches, crlFetches, unknownByCause, keptCrlBytes,
                    parsedCrlBytes);
        }
        return new RevocationStatistics(cache.hits(), cache.misses(), cache.refreshes(), cache.failedRefreshes(),
                cache.size(), ocspFetches, crlFetches, unknownByCause, keptCrlBytes, parsedCrlBytes);
    }

    public RevocationSettings settings() {
        return settings;
    }

    /**
     * The builder of verified paths over this checker's configured issuers ({@link
     * RevocationSources#extraCertificates()}), for callers that have only a presented chain.
     */
    public PathBuilder paths() {
        return paths;
    }

    /**
     * Checks the certificates of a verified path: with scope {@code chain} every certificate below the top, and
     * the top too when the path is not {@linkplain VerifiedPath#complete() complete} (then its status is UNKNOWN,
     * NO_ISSUER); with scope {@code leaf} the leaf only. A leaf without a verified issuer is UNKNOWN (NO_ISSUER):
     * no certificate that did not verify by signature is ever asked about or fetched from.
     *
     * @return the statuses, top first
     */
    public ChainStatus check(VerifiedPath path, Instant now) {
        Objects.requireNonNull(path, "path");
        if (settings.mode() == RevocationSettings.Mode.OFF) {
            return new ChainStatus(List.of());
        }
        List<X509Certificate> anchorFirst = new ArrayList<>(path.certificates());
        Collections.reverse(anchorFirst);
        if (anchorFirst.size() == 1) {
            X509Certificate leaf = path.leaf();
            return new ChainStatus(List.of(new CertificateStatus(0, leaf, RevocationStatus.unknown(
                    RevocationStatus.Source.NONE, UnknownCause.NO_ISSUER, "no issuer certificate for " + describe(leaf)
                            + ": " + (path.otherPresented() == 0 ? "the client sent only its leaf"
                            : "none of the " + path.otherPresented() + " other presented certificates issued it")
                            + " and no configured issuer matches (by name and signature)"))));
        }
        int last = anchorFirst.size() - 1;
        List<CertificateStatus> out = new ArrayList<>();
        if (settings.scope() == RevocationSettings.Scope.LEAF) {
            checkRange(anchorFirst, last, last, now, out);
            return new ChainStatus(out);
        }
        if (!path.complete()) {
            X509Certificate top = anchorFirst.get(0);
            out.add(new CertificateStatus(0, top, RevocationStatus.unknown(RevocationStatus.Source.NONE,
                    UnknownCause.NO_ISSUER, "no issuer certificate for " + describe(top)
                            + " among the presented chain and the configured issuers (by name and signature)")));
        }
        checkRange(anchorFirst, 1, last, now, out);
        return new ChainStatus(out);
    }

    /**
     * Checks an explicit path, as the command line takes it. Every link must verify (see {@link
     * PathBuilder#issued}; below the anchor {@link PathBuilder#issuedByAnchor}): a certificate whose link to the
     * one before does not is UNKNOWN (NO_ISSUER).
     *
     * @param anchorFirst the path from the trust anchor ({@code anchorFirst.get(0)}) to the leaf (last); a path of
     *                    one certificate is a leaf whose issuer must come from the configured issuers
     * @param now         the validation time
     * @return the statuses, top first
     */
    public ChainStatus check(List<X509Certificate> anchorFirst, Instant now) {
        if (anchorFirst.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        if (settings.mode() == RevocationSettings.Mode.OFF) {
            return new ChainStatus(List.of());
        }
        if (anchorFirst.size() == 1) {
            return check(paths.build(anchorFirst.get(0)), now);
        }
        int last = anchorFirst.size() - 1;
        int first = settings.scope() == RevocationSettings.Scope.CHAIN ? 1 : last;
        List<CertificateStatus> out = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            X509Certificate cert = anchorFirst.get(i);
            X509Certificate issuer = anchorFirst.get(i - 1);
            if (paths.issuedOnPath(anchorFirst, i)) {
                checkRange(anchorFirst, i, i, now, out);
            } else {
                out.add(new CertificateStatus(i, cert, RevocationStatus.unknown(RevocationStatus.Source.NONE,
                        UnknownCause.NO_ISSUER, describe(issuer) + " did not issue " + describe(cert)
                                + ": the names, its CA constraints or the signature do not match")));
            }
        }
        return new ChainStatus(out);
    }

    /** Checks the certificates at {@code first..last} of a verified anchor-first path. */
    private void checkRange(List<X509Certificate> path, int first, int last, Instant now, List<CertificateStatus> out) {
        Deadline deadline = Deadline.in(settings.timeout());
        for (int i = first; i <= last; i++) {
            int index = i;
            RevocationStatus status = cache == null ? checkOne(path, index, now, deadline)
                    : cache.get(new StatusCache.Key(path.get(index - 1).getPublicKey().getEncoded(), path.get(index).getSerialNumber()),
                            () -> checkOne(path, index, cache.clock().instant(), Deadline.in(settings.timeout())));
            out.add(new CertificateStatus(i, path.get(i), status));
        }
    }

    /** Loads one certificate's status from the sources, counting an UNKNOWN answer by its cause. */
    private RevocationStatus checkOne(List<X509Certificate> path, int index, Instant now, Deadline deadline) {
        RevocationStatus status = load(path, index, now, deadline);
        status.cause().ifPresent(c -> unknown[c.ordinal()].increment());
        return status;
    }

    private RevocationStatus load(List<X509Certificate> path, int index, Instant now, Deadline deadline) {
        return switch (settings.mode()) {
            case OCSP -> ocsp(path, index, now, deadline);
            case CRL -> crl(path, index, now, deadline);
            case OCSP_THEN_CRL -> either(ocsp(path, index, now, deadline.half()), () -> crl(path, index, now, deadline));
            case CRL_THEN_OCSP -> either(crl(path, index, now, deadline.half()), () -> ocsp(path, index, now, deadline));
            case OFF -> throw new IllegalStateException("unreachable");
        };
    }

    private static RevocationStatus either(RevocationStatus first, java.util.function.Supplier<RevocationStatus> second) {
        if (first.status() != RevocationStatus.Status.UNKNOWN) {
            return first;
        }
        RevocationStatus other = second.get();
        if (other.status() != RevocationStatus.Status.UNKNOWN) {
            return other;
        }
        // Both failed: report the more specific cause first, and both details.
        boolean firstIsVague = first.cause().orElseThrow() == UnknownCause.NO_SOURCE;
        RevocationStatus main = firstIsVague ? other : first;
        return RevocationStatus.unknown(main.source(), main.cause().orElseThrow(),
                first.source() + ": " + first.detail() + "; " + other.source() + ": " + other.detail());
    }

    private RevocationStatus ocsp(List<X509Certificate> path, int index, Instant now, Deadline deadline) {
        X509Certificate cert = path.get(index);
        X509Certificate issuer = path.get(index - 1);
        List<RevocationSources.OcspAnswer> answers = sources.ocspResponses(cert, issuer, settings, deadline);
        if (answers.isEmpty()) {
            return RevocationStatus.unknown(RevocationStatus.Source.OCSP, UnknownCause.NO_SOURCE,
                    "no OCSP responder for " + describe(cert));
        }
        RevocationStatus noMatch = null;
        for (RevocationSources.OcspAnswer answer : answers) {
            if (answer.failure() != null) {
                noMatch = answer.failure();
                continue;
            }
            RevocationStatus s = ocsp.validate(answer.response(), cert, issuer, now, answer.nonce());
            if (s.cause().orElse(null) != UnknownCause.NO_MATCHING_RESPONSE) {
                return s;
            }
            noMatch = s;
        }
        return noMatch;
    }

    private RevocationStatus crl(List<X509Certificate> path, int index, Instant now, Deadline deadline) {
        X509Certificate cert = path.get(index);
        RevocationSources.CrlAnswers answers = sources.crls(cert, settings, deadline);
        if (answers.crls().isEmpty()) {
            if (!answers.failures().isEmpty()) {
                RevocationStatus failure = answers.failures().get(0);
                return RevocationStatus.unknown(RevocationStatus.Source.CRL, failure.cause().orElseThrow(),
                        "no CRL for " + describe(cert) + ": " + failure.detail());
            }
            return RevocationStatus.unknown(RevocationStatus.Source.CRL, UnknownCause.NO_SOURCE,
                    "no CRL for " + describe(cert));
        }
        List<Crl> parsed = new ArrayList<>();
        List<CrlFormatException> rejected = new ArrayList<>();
        List<ParsedCrls.Parsed> each = parsedCrls.split(answers.crls(), parsed, rejected);
        CrlValidator.Outcome outcome = crl.validate(path, index, parsed, rejected, sources.extraCertificates(), now);
        // The sources keep only the downloads that verified.
        for (int i = 0; i < each.size(); i++) {
            sources.crlChecked(answers.crls().get(i), CrlValidator.unverified(each.get(i), outcome, path.get(index - 1)));
        }
        RevocationStatus status = outcome.status();
        if (status.status() == RevocationStatus.Status.UNKNOWN && !answers.failures().isEmpty()) {
            return RevocationStatus.unknown(RevocationStatus.Source.CRL, status.cause().orElseThrow(),
                    status.detail() + "; also " + answers.failures().get(0).detail());
        }
        return status;
    }

    static String describe(X509Certificate cert) {
        return "serial " + cert.getSerialNumber().toString(16) + " (" + cert.getSubjectX500Principal().getName() + ")";
    }
}
