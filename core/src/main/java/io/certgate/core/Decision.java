package io.certgate.core;

import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.rules.Evaluation;

import java.util.Collections;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What certgate decided for one client certificate: {@link Authenticated} with a principal and its roles
 * (possibly none), or {@link Denied} with a reason. Immutable.
 */
public sealed interface Decision permits Decision.Authenticated, Decision.Denied {

    /** The identity read from the certificate, when it could be read. */
    Optional<ClientIdentity> identity();

    /**
     * The client is who its certificate says. With no roles it is still authenticated: the container answers
     * 403 on paths that need a role.
     *
     * @param principal  the principal name
     * @param roles      the roles granted, in rule order
     * @param evaluation the rule evaluation behind it
     * @param clientIdentity the certificate's identity
     * @param revocation the revocation status of the chain, or null when revocation checking is not configured
     */
    record Authenticated(String principal, Set<String> roles, Evaluation evaluation, ClientIdentity clientIdentity,
                         ChainStatus revocation) implements Decision {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
            // The evaluation's set is already unmodifiable; wrapping it again returns it as is (no copy per request).
            roles = Collections.unmodifiableSet(roles);
            Objects.requireNonNull(evaluation, "evaluation");
            Objects.requireNonNull(clientIdentity, "clientIdentity");
        }

        /** The revocation status of the chain, when revocation checking is configured. */
        public Optional<ChainStatus> revocationStatus() {
            return Optional.ofNullable(revocation);
        }

        @Override
        public Optional<ClientIdentity> identity() {
            return Optional.of(clientIdentity);
        }

        /** The lines of the rules that matched. */
        public List<Integer> matchedLines() {
            return evaluation.matchedLines();
        }
    }

    /**
     * The client is refused.
     *
     * @param reason   the stable reason code
     * @param message  a sentence for logs, naming the certificate and the cause
     * @param clientIdentity the identity, or null when the certificate could not be read
     */
    record Denied(DenialReason reason, String message, ClientIdentity clientIdentity) implements Decision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<ClientIdentity> identity() {
            return Optional.ofNullable(clientIdentity);
        }
    }
}
