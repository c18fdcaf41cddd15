package io.certgate.core;

import io.certgate.core.revocation.CertificateStatus;
import io.certgate.core.revocation.ChainStatus;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The request attributes the adapters attach for every decision, so that applications can read what certgate
 * decided without depending on certgate classes (plain strings and lists), or with them ({@value #DECISION}).
 */
public final class RequestAttributes {
    /** The {@link Decision} itself. */
    public static final String DECISION = "io.certgate.decision";
    /** {@code authenticated} or {@code denied}. */
    public static final String OUTCOME = "io.certgate.outcome";
    /** The principal name, when authenticated. */
    public static final String PRINCIPAL = "io.certgate.principal";
    /** The roles granted, as an unmodifiable {@code List<String>} in rule order, when authenticated. */
    public static final String ROLES = "io.certgate.roles";
    /** The denial reason code ({@link DenialReason#name()}), when denied. */
    public static final String DENIAL_REASON = "io.certgate.denial-reason";
    /**
     * The revocation verdict of the chain ({@code GOOD}, {@code REVOKED}, {@code UNKNOWN}) followed by the source
     * of the decisive answer (the leaf's when all are good), such as {@code GOOD ocsp}; absent when revocation checking is off.
     */
    public static final String REVOCATION = "io.certgate.revocation";

    private RequestAttributes() {
    }

    /**
     * Hands the attributes of a decision to {@code setter} (such as {@code request::setAttribute}), in a stable
     * order, without building a map on the request path.
     */
    public static void attach(Decision decision, BiConsumer<String, Object> setter) {
        setter.accept(DECISION, decision);
        if (decision instanceof Decision.Authenticated a) {
            setter.accept(OUTCOME, "authenticated");
            setter.accept(PRINCIPAL, a.principal());
            setter.accept(ROLES, List.copyOf(a.roles()));
            a.revocationStatus().ifPresent(s -> setter.accept(REVOCATION, describe(s)));
        } else if (decision instanceof Decision.Denied d) {
            setter.accept(OUTCOME, "denied");
            setter.accept(DENIAL_REASON, d.reason().name());
        }
    }

    private static String describe(ChainStatus status) {
        String verdict = status.verdict().name();
        List<CertificateStatus> all = status.certificates();
        return status.decisive().or(() -> all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(all.size() - 1)))
                .map(c -> verdict + " " + c.status().source().name().toLowerCase(java.util.Locale.ROOT))
                .orElse(verdict);
    }
}
