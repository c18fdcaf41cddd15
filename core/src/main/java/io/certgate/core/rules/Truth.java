package io.certgate.core.rules;

/**
 * The value of a test or condition for one certificate, in three-valued (Kleene) logic. A test comes out
 * {@link #UNKNOWN} when the attribute it reads has a value certgate could not read and its readable values do not
 * decide it; {@code not} keeps it unknown, {@code and} and {@code or} combine it as usual, and a rule grants its
 * role only when its condition is {@link #TRUE}. So a value certgate cannot read never grants a role, not even
 * under {@code not} or {@code !=}.
 */
public enum Truth {
    TRUE, FALSE, UNKNOWN;

    static Truth of(boolean value) {
        return value ? TRUE : FALSE;
    }

    Truth not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }
}
