package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Establishes the revocation status of the certificates of a verified chain from OCSP responses and CRLs, in
 * the order the settings give. Thread-safe once built.
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
    /** Orders presented chains; keeps what it learns per certificate object, so requests of a session reuse it. */
    private final PresentedChains chains;
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
        this.chains = new PresentedChains(c -> this.sources.issuerOf(c).orElse(null));
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
        long parsedCrlBytes = ParsedCrls.SHARED.bytes();
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
     * Checks the chain a client presented, as a TLS stack hands it over (usually without the trust anchor): the
     * leaf first, the other certificates in any order (RFC 8446 §4.4.2), possibly with some that are not on the
     * path. The path is built from the leaf by issuer links (names, key identifiers and, among same-named
     * candidates, signatures; see {@link PresentedChains}); unrelated certificates are ignored. The issuer of the
     * path's top certificate is looked up among the configured issuers; when it cannot be found and the scope is
     * {@code chain}, the top certificate's status is UNKNOWN (NO_ISSUER) rather than silently unchecked.
     */
    public ChainStatus checkPresented(X509Certificate[] leafFirst, Instant now) {
        if (leafFirst == null || leafFirst.length == 0 || leafFirst[0] == null) {
            throw new IllegalArgumentException("no leaf certificate");
        }
        if (settings.mode() == RevocationSettings.Mode.OFF) {
            return new ChainStatus(List.of());
        }
        PresentedChains.Ordered ordered = chains.order(leafFirst);
        List<X509Certificate> path = new ArrayList<>(ordered.path().size() + 1);
        for (int i = ordered.path().size() - 1; i >= 0; i--) {
            path.add(ordered.path().get(i));
        }
        X509Certificate top = path.get(0);
        boolean leafOnly = settings.scope() == RevocationSettings.Scope.LEAF;
        if (path.size() == 1 && leafFirst.length > 1 && chains.configured(top) == null) {
            return new ChainStatus(List.of(new CertificateStatus(0, top, RevocationStatus.unknown(
                    RevocationStatus.Source.NONE, UnknownCause.NO_ISSUER, "no issuer certificate for " + describe(top)
                            + ": none of the " + (leafFirst.length - 1) + " other presented certificates issued it"
                            + " and no configured issuer matches"))));
        }
        if (path.size() == 1 || leafOnly) {
            // The leaf's issuer is in the path, or must be found by check(); the top needs no issuer.
            return check(path, now);
        }
        if (chains.selfIssued(top)) {
            return check(path, now);
        }
        X509Certificate configured = chains.configured(top);
        if (configured != null) {
            path.add(0, configured);
            return check(path, now);
        }
        ChainStatus rest = check(path, now);
        List<CertificateStatus> all = new ArrayList<>();
        String loop = ordered.loopsTo() == null ? "" : " (it names as its issuer " + describe(ordered.loopsTo())
                + ", which is already on the path: the presented certificates issue each other in a loop)";
        all.add(new CertificateStatus(0, top, RevocationStatus.unknown(RevocationStatus.Source.NONE, UnknownCause.NO_ISSUER,
                "no issuer certificate for " + describe(top) + " among the presented chain and the configured issuers"
                        + loop)));
        all.addAll(rest.certificates());
        return new ChainStatus(all);
    }

    /**
     * Checks a verified path.
     *
     * @param path the path from the trust anchor ({@code path.get(0)}) to the leaf (last); a path of one
     *             certificate is a leaf whose issuer must come from the sources' known issuers
     * @param now  the validation time
     */
    public ChainStatus check(List<X509Certificate> path, Instant now) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        List<CertificateStatus> out = new ArrayList<>();
        if (settings.mode() == RevocationSettings.Mode.OFF) {
            return new ChainStatus(out);
        }
        int last = path.size() - 1;
        int first = settings.scope() == RevocationSettings.Scope.CHAIN ? Math.min(1, last) : last;
        List<X509Certificate> fullPath = path;
        if (path.size() == 1) {
            X509Certificate issuer = chains.configured(path.get(0));
            if (issuer == null) {
                out.add(new CertificateStatus(0, path.get(0), RevocationStatus.unknown(RevocationStatus.Source.NONE,
                        UnknownCause.NO_ISSUER, "no issuer certificate for " + describe(path.get(0))
                                + ": the client sent only its leaf and no configured issuer matches")));
                return new ChainStatus(out);
            }
            fullPath = List.of(issuer, path.get(0));
            first = 1;
            last = 1;
        }
        Deadline deadline = Deadline.in(settings.timeout());
        for (int i = first; i <= last; i++) {
            List<X509Certificate> p = fullPath;
            int index = i;
            RevocationStatus status = cache == null ? checkOne(p, index, now, deadline)
                    : cache.get(new StatusCache.Key(p.get(index - 1).getPublicKey().getEncoded(), p.get(index).getSerialNumber()),
                            () -> checkOne(p, index, cache.clock().instant(), Deadline.in(settings.timeout())));
            out.add(new CertificateStatus(path.size() == 1 ? 0 : i, fullPath.get(i), status));
        }
        return new ChainStatus(out);
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
        List<ParsedCrls.Parsed> each = ParsedCrls.SHARED.split(answers.crls(), parsed, rejected);
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
