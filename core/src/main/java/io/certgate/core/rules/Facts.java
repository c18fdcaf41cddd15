package io.certgate.core.rules;

import io.certgate.core.identity.ClientIdentity;

import java.util.List;

/** The attribute values of one identity, each read at most once during one evaluation. */
final class Facts {
    private final ClientIdentity identity;
    private final List<?>[] memo;
    private final byte[] unreadable;
    private final RegexBudget regexBudget = new RegexBudget();
    private String gaveUp;

    Facts(ClientIdentity identity, int slots) {
        this.identity = identity;
        this.memo = new List<?>[slots];
        this.unreadable = new byte[slots];
    }

    /** The steps left to the {@code ~} tests of this evaluation, shared by all of them. */
    RegexBudget regexBudget() {
        return regexBudget;
    }

    /** Records that a {@code ~} test gave up while explaining; the first one counts. */
    void gaveUp(String message) {
        if (gaveUp == null) {
            gaveUp = message;
        }
    }

    /** The first {@code ~} test that gave up during an explanation, or null. */
    String gaveUp() {
        return gaveUp;
    }

    /** Whether the attribute has a value certgate could not read, which the readable values do not show. */
    boolean unreadable(AttributeRef attribute) {
        byte u = unreadable[attribute.slot()];
        if (u == 0) {
            u = identity.hasUnreadableValues(attribute.name()) ? (byte) 1 : (byte) 2;
            unreadable[attribute.slot()] = u;
        }
        return u == 1;
    }

    List<?> values(AttributeRef attribute) {
        List<?> v = memo[attribute.slot()];
        if (v == null) {
            v = attribute.read(identity);
            memo[attribute.slot()] = v;
        }
        return v;
    }
}
