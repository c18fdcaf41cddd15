package io.certgate.core.rules;

import io.certgate.core.identity.ClientIdentity;

import java.util.List;

/** The attribute values of one identity, each read at most once during one evaluation. */
final class Facts {
    private final ClientIdentity identity;
    private final List<?>[] memo;

    Facts(ClientIdentity identity, int slots) {
        this.identity = identity;
        this.memo = new List<?>[slots];
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
