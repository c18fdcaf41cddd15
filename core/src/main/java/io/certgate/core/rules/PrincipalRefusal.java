package io.certgate.core.rules;

import java.util.Objects;

/**
 * Why an evaluation names no principal, so that the client is refused. Immutable.
 *
 * @param cause   what went wrong; a server refuses {@link Cause#ABSENT} and {@link Cause#UNREADABLE} with
 *                {@code NO_PRINCIPAL}, {@link Cause#AMBIGUOUS} with {@code AMBIGUOUS_PRINCIPAL}
 * @param message a sentence naming the attribute, for the audit record and {@code explain}
 */
public record PrincipalRefusal(Cause cause, String message) {
    /** The kinds of refusal. */
    public enum Cause {
        /** The certificate has none of the principal attributes (or only empty values of them). */
        ABSENT,
        /**
         * The first principal attribute the certificate has a value of, readable or not, has only values certgate could
         * not read: a later attribute is not used in its place.
         */
        UNREADABLE,
        /**
         * The principal would come from an attribute after the first of the list, and its value has the form of a
         * value of an attribute listed before it: another client's certificate could get the same principal from that
         * earlier attribute.
         */
        AMBIGUOUS
    }

    public PrincipalRefusal {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(message, "message");
    }
}
