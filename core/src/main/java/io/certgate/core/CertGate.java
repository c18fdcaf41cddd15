package io.certgate.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.certgate.core.audit.AuditRecord;
import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.identity.PathFacts;
import io.certgate.core.path.PathBuilder;
import io.certgate.core.path.TrustAnchors;
import io.certgate.core.path.VerifiedPath;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationStatistics;
import io.certgate.core.revocation.RevocationStatus;
import io.certgate.core.rules.Evaluation;
import io.certgate.core.rules.PrincipalRefusal;
import io.certgate.core.rules.RegexLimitException;
import io.certgate.core.rules.RuleSet;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * certgate's front door: turns the verified certificate chain of a request into a {@link Decision}. Built
 * once per web application and shared by all requests; thread-safe.
 *
 * <p>Every decision yields one {@link AuditRecord}, written at INFO to the {@code System.Logger} named
 * {@value #AUDIT_LOGGER} and handed to the listeners given to the builder. {@link #decide} never throws:
 * bad certificates and internal failures become {@link Decision.Denied}.
 */
public final class CertGate {
    /** The logger that receives one record per decision. */
    public static final String AUDIT_LOGGER = "io.certgate.audit";

    private static final System.Logger AUDIT = System.getLogger(AUDIT_LOGGER);
    private static final System.Logger LOG = System.getLogger(CertGate.class.getName());

    private final RuleSet rules;
    /**
     * Identity and rule results by certificate object (identity, weakly held): TLS stacks hand the same objects
     * to every request of a session, so repeated requests skip parsing and evaluation without hashing the DER.
     * Each result remembers the verified path it was made with.
     */
    private final Cache<X509Certificate, Evaluated> evaluations = Caffeine.newBuilder()
            .weakKeys().maximumSize(10_000).executor(Runnable::run).build();
    private final RevocationChecker revocation;
    private final PathBuilder paths;
    /** The trust.anchors every chain is validated against first; null when unset. */
    private final TrustAnchors anchors;
    private final Clock clock;
    private final List<Consumer<AuditRecord>> auditListeners;
    private final DecisionCounters counters;

    private CertGate(Builder b) {
        this.rules = b.rules;
        this.counters = b.counters == null ? new DecisionCounters() : b.counters;
        this.revocation = b.revocation;
        this.anchors = b.anchors;
        this.paths = b.paths != null ? b.paths : revocation != null ? revocation.paths() : PathBuilder.of(List.of());
        this.clock = b.clock;
        this.auditListeners = List.copyOf(b.auditListeners);
        if (revocation != null && revocation.settings().onUnknown() == RevocationSettings.OnUnknown.ALLOW) {
            LOG.log(System.Logger.Level.WARNING, "revocation.on-unknown = allow for " + rules.source()
                    + ": clients whose revocation status cannot be established are let in");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rules this instance applies. */
    public RuleSet rules() {
        return rules;
    }

    /**
     * Whether this gate validates every chain against trust anchors of its own ({@code trust.anchors}) before anything
     * else, rather than relying on the container's TLS verification.
     */
    public boolean validatesChainsItself() {
        return anchors != null;
    }

    /** The builder of every decision's verified path (its link cache is shared with a reloaded gate). */
    public PathBuilder paths() {
        return paths;
    }

    /** The revocation checker of every decision, empty when revocation is not checked. */
    public Optional<RevocationChecker> revocation() {
        return Optional.ofNullable(revocation);
    }

    /**
     * The decisions made so far, by outcome and denial reason. Counting costs one uncontended add per decision.
     * A gate built with {@link Builder#continueStatisticsOf} shares its counters with the earlier gate.
     */
    public DecisionStatistics statistics() {
        return counters.snapshot();
    }

    /** The statistics of the revocation checker, all zero when revocation is not checked. */
    public RevocationStatistics revocationStatistics() {
        return revocation == null ? RevocationStatistics.none() : revocation.statistics();
    }

    /**
     * Decides for a chain that the TLS stack has verified, leaf first. Only the leaf names the client; the
     * rest of the chain is used only as far as it forms a {@link VerifiedPath} from the leaf (for revocation
     * checking and the {@code issuer.spki}-style rule attributes). With trust anchors set, the chain must first
     * validate to one of them.
     *
     * @param chain the verified chain, leaf first; null or empty when the client sent no certificate
     */
    public Decision decide(X509Certificate[] chain) {
        Decision decision;
        try {
            decision = decideUnaudited(chain);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "certgate failed while deciding; the request is refused", e);
            decision = new Decision.Denied(DenialReason.INTERNAL_ERROR,
                    "internal error: " + e.getClass().getName(), null);
        }
        return settled(decision);
    }

    /**
     * Refuses a chain for a reason the adapter established, such as {@link DenialReason#FORWARDED_CERTIFICATE},
     * with an audit record like every decision's. The chain is not judged; its leaf, when readable, only names
     * the client in the record. Never throws.
     *
     * @param chain   the chain the request carried, leaf first, or null
     * @param reason  the reason code
     * @param message a sentence for the audit record, naming the cause
     */
    public Decision refuse(X509Certificate[] chain, DenialReason reason, String message) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        ClientIdentity identity = null;
        if (chain != null && chain.length > 0 && chain[0] != null) {
            try {
                identity = ClientIdentity.of(chain[0]);
            } catch (CertificateFormatException | RuntimeException e) {
                // the record then names no one; the refusal stands
            }
        }
        return settled(new Decision.Denied(reason, message, identity));
    }

    /** The identity of {@code leaf} for a refusal's record, or null when it cannot be read. */
    private static ClientIdentity readable(X509Certificate leaf) {
        try {
            return ClientIdentity.of(leaf);
        } catch (CertificateFormatException | RuntimeException e) {
            return null;
        }
    }

    /** Counts and audits a decision, whichever way it was reached. */
    private Decision settled(Decision decision) {
        counters.count(decision);
        audit(decision);
        return decision;
    }

    private Decision decideUnaudited(X509Certificate[] chain) {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            return new Decision.Denied(DenialReason.NO_CERTIFICATE, "no client certificate", null);
        }
        Instant now = clock.instant();
        VerifiedPath path;
        if (anchors != null) {
            StringBuilder refusal = new StringBuilder();
            Optional<VerifiedPath> validated = anchors.validate(chain, now, refusal);
            if (validated.isEmpty()) {
                return new Decision.Denied(DenialReason.UNTRUSTED_CHAIN,
                        "the chain does not validate to a trust anchor of trust.anchors: " + refusal, readable(chain[0]));
            }
            path = validated.get();
        } else if (revocation != null || rules.usesVerifiedPath()) {
            path = paths.build(chain);
        } else {
            // Nothing of this decision reads the path: the leaf alone, with no verified issuer.
            path = VerifiedPath.leafOnly(chain[0]);
        }
        Evaluated evaluated = evaluations.getIfPresent(chain[0]);
        X509Certificate issuer = path.issuer().orElse(null);
        X509Certificate anchor = path.anchor().orElse(null);
        if (evaluated == null || !evaluated.madeWith(issuer, anchor)) {
            try {
                ClientIdentity leaf = evaluated != null ? evaluated.identity() : ClientIdentity.of(chain[0]);
                evaluated = Evaluated.of(leaf.withPath(PathFacts.of(issuer, anchor)), rules, issuer, anchor);
            } catch (CertificateFormatException e) {
                return new Decision.Denied(DenialReason.UNREADABLE_CERTIFICATE,
                        "unreadable client certificate: " + e.getMessage(), null);
            }
            evaluations.put(chain[0], evaluated);
        }
        ClientIdentity identity = evaluated.identity();
        if (evaluated.ruleLimit() != null) {
            return new Decision.Denied(DenialReason.RULE_LIMIT, evaluated.ruleLimit(), identity);
        }
        Evaluation evaluation = evaluated.evaluation();
        if (now.isAfter(identity.notAfter())) {
            return new Decision.Denied(DenialReason.CERTIFICATE_EXPIRED, "the certificate expired at "
                    + identity.notAfter() + " (now " + now + ")", identity);
        }
        if (now.isBefore(identity.notBefore())) {
            return new Decision.Denied(DenialReason.CERTIFICATE_NOT_YET_VALID, "the certificate is valid from "
                    + identity.notBefore() + " (now " + now + ")", identity);
        }
        Optional<PrincipalRefusal> noPrincipal = evaluation.principalRefusal();
        if (noPrincipal.isPresent()) {
            DenialReason reason = switch (noPrincipal.get().cause()) {
                case ABSENT, UNREADABLE -> DenialReason.NO_PRINCIPAL;
                case AMBIGUOUS -> DenialReason.AMBIGUOUS_PRINCIPAL;
            };
            return new Decision.Denied(reason, noPrincipal.get().message(), identity);
        }
        ChainStatus status = null;
        if (revocation != null) {
            status = revocation.check(path, now);
            if (status.verdict() == RevocationStatus.Status.REVOKED) {
                return new Decision.Denied(DenialReason.REVOKED, status.decisive().orElseThrow().status().toString(), identity);
            }
            if (status.verdict() == RevocationStatus.Status.UNKNOWN
                    && revocation.settings().onUnknown() == RevocationSettings.OnUnknown.DENY) {
                return new Decision.Denied(DenialReason.REVOCATION_UNKNOWN, status.decisive().orElseThrow().status().toString(),
                        identity);
            }
        }
        return new Decision.Authenticated(evaluation.principal().get(), evaluation.roles(), evaluation, identity, status);
    }

    /**
     * What the rules say about one certificate, with the verified issuer and anchor the identity was made with: the
     * same leaf object under another verified path (a cross-signed intermediate, another anchor) is evaluated again.
     * A {@code ~} test that gave up is cached like any other outcome, so a client repeating requests on a kept-alive
     * connection costs the regular-expression work once.
     */
    private record Evaluated(ClientIdentity identity, Evaluation evaluation, String ruleLimit, X509Certificate issuer,
                             X509Certificate anchor) {
        static Evaluated of(ClientIdentity identity, RuleSet rules, X509Certificate issuer, X509Certificate anchor) {
            try {
                return new Evaluated(identity, rules.evaluate(identity), null, issuer, anchor);
            } catch (RegexLimitException e) {
                return new Evaluated(identity, null, e.getMessage(), issuer, anchor);
            }
        }

        boolean madeWith(X509Certificate otherIssuer, X509Certificate otherAnchor) {
            return same(issuer, otherIssuer) && same(anchor, otherAnchor);
        }

        private static boolean same(X509Certificate a, X509Certificate b) {
            return a == b || a != null && a.equals(b);
        }
    }

    private void audit(Decision decision) {
        boolean logged = AUDIT.isLoggable(System.Logger.Level.INFO);
        if (!logged && auditListeners.isEmpty()) {
            return;
        }
        AuditRecord record = record(decision);
        if (logged) {
            AUDIT.log(System.Logger.Level.INFO, record.toString());
        }
        for (Consumer<AuditRecord> listener : auditListeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "audit listener failed", e);
            }
        }
    }

    private AuditRecord record(Decision decision) {
        ClientIdentity id = decision.identity().orElse(null);
        String subject = id == null ? null : id.subject().toString();
        String issuer = id == null ? null : id.issuer().toString();
        String serial = id == null ? null : id.serialHex();
        String fingerprint = id == null ? null : id.fingerprintHex();
        if (decision instanceof Decision.Authenticated a) {
            return new AuditRecord(clock.instant(), "authenticated", null,
                    a.roles().isEmpty() ? "no rule matched" : "rules matched", a.principal(),
                    new ArrayList<>(a.roles()), a.matchedLines(), rules.source(), subject, issuer,
                    serial, fingerprint, a.revocationStatus().map(c -> c.verdict().name()).orElse(null));
        }
        Decision.Denied d = (Decision.Denied) decision;
        String verdict = switch (d.reason()) {
            case REVOKED -> "REVOKED";
            case REVOCATION_UNKNOWN -> "UNKNOWN";
            default -> null;
        };
        return new AuditRecord(clock.instant(), "denied", d.reason().name(), d.message(), null, List.of(), List.of(),
                rules.source(), subject, issuer, serial, fingerprint, verdict);
    }

    /** Builds a {@link CertGate}; {@link #rules(RuleSet)} is required. */
    public static final class Builder {
        private RuleSet rules;
        private RevocationChecker revocation;
        private PathBuilder paths;
        private TrustAnchors anchors;
        private Clock clock = Clock.systemUTC();
        private final List<Consumer<AuditRecord>> auditListeners = new ArrayList<>();
        private DecisionCounters counters;

        private Builder() {
        }

        /**
         * Counts decisions in the counters of {@code previous}, so that the statistics of a web application go on
         * across a reload; decisions of either gate are counted once, in the same counters.
         */
        public Builder continueStatisticsOf(CertGate previous) {
            this.counters = Objects.requireNonNull(previous, "previous").counters;
            return this;
        }

        /** Checks revocation of every request's chain with {@code checker}; without it nothing is checked. */
        public Builder revocation(RevocationChecker checker) {
            this.revocation = Objects.requireNonNull(checker, "checker");
            return this;
        }

        /**
         * Builds the verified path of every request's chain with {@code paths}; default the revocation checker's
         * builder (over its configured issuers), else one without configured issuers.
         */
        public Builder paths(PathBuilder paths) {
            this.paths = Objects.requireNonNull(paths, "paths");
            return this;
        }

        /**
         * Validates every chain to one of {@code anchors} (RFC 5280, by this gate's clock) before anything else,
         * refusing the others with {@link DenialReason#UNTRUSTED_CHAIN}; the validated path is then the one
         * revocation and the {@code anchor*} rule attributes use. Without it the container's handshake is the trust
         * decision, and the path is built by signature from the presented certificates.
         */
        public Builder trustAnchors(TrustAnchors anchors) {
            this.anchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        public Builder rules(RuleSet rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * The clock for audit time stamps and for the validity dates of the leaf, checked on every decision;
         * default the system UTC clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Also hands every audit record to {@code listener}, which must be fast and thread-safe. */
        public Builder auditListener(Consumer<AuditRecord> listener) {
            this.auditListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public CertGate build() {
            if (rules == null) {
                throw new IllegalStateException("rules are required: call rules(RuleSet) before build()");
            }
            return new CertGate(this);
        }
    }
}
