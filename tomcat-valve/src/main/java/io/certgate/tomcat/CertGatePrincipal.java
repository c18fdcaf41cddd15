package io.certgate.tomcat;

import io.certgate.core.Decision;
import org.apache.catalina.realm.GenericPrincipal;

import java.util.List;

/**
 * The principal of a client certgate authenticated: its name and roles, and the decision behind them. A session
 * that stores it keeps only the name and roles (Tomcat serializes a {@link GenericPrincipal}); certgate decides
 * again on every request anyway.
 */
final class CertGatePrincipal extends GenericPrincipal {
    private static final long serialVersionUID = 1L;

    private final transient Decision.Authenticated decision;

    CertGatePrincipal(Decision.Authenticated decision) {
        super(decision.principal(), List.copyOf(decision.roles()));
        this.decision = decision;
    }

    /** The decision, or null in a principal read back from a stored session. */
    Decision.Authenticated decision() {
        return decision;
    }
}
