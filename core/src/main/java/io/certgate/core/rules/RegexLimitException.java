package io.certgate.core.rules;

/**
 * A {@code ~} test gave up on a value before it could say whether the value matches: the {@code ~} tests of the
 * evaluation took all the steps one evaluation may take. Evaluation stops; {@link io.certgate.core.CertGate#decide} then refuses the request with
 * {@link io.certgate.core.DenialReason#RULE_LIMIT}, whatever the other rules say. The message names the expression's place in the rules file.
 */
public final class RegexLimitException extends RuntimeException {
    RegexLimitException(String message) {
        super(message);
    }
}
