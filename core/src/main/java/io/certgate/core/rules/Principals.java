package io.certgate.core.rules;

import java.util.List;

/**
 * Chooses the principal name from the {@code principal} attributes, so that two certificates get the same principal
 * only from the same attribute. The first attribute with a value decides: its first non-empty value is the name;
 * a value certgate could not read there refuses the client instead of falling through to the next attribute; and a
 * name from a later attribute is refused when it has the form of a value of an attribute listed before it (a common
 * name {@code spiffe://example.org/payments} under {@code principal = spiffe-id, subject.cn}).
 */
final class Principals {
    private Principals() {
    }

    /** The principal, where it came from, or why there is none. */
    record Choice(String name, String attribute, PrincipalRefusal refusal) {
    }

    static Choice choose(List<AttributeRef> attributes, Facts facts) {
        for (int i = 0; i < attributes.size(); i++) {
            AttributeRef attribute = attributes.get(i);
            String name = firstNonEmpty(attribute, facts.values(attribute));
            if (name == null) {
                if (facts.unreadable(attribute)) {
                    return refused(PrincipalRefusal.Cause.UNREADABLE, "the principal attribute " + attribute.name()
                            + " has only values certgate could not read" + (i < attributes.size() - 1
                            ? "; a later attribute does not name the client in its place" : ""));
                }
                continue;
            }
            for (AttributeRef earlier : attributes.subList(0, i)) {
                if (earlier.type().couldBeDisplayed(name)) {
                    return refused(PrincipalRefusal.Cause.AMBIGUOUS, "the principal from " + attribute.name()
                            + " has the form of a " + earlier.name()
                            + " value, which comes first in the principal list, so another client could have the same name");
                }
            }
            return new Choice(name, attribute.name(), null);
        }
        return refused(PrincipalRefusal.Cause.ABSENT, "the certificate has none of the principal attributes "
                + attributes.stream().map(AttributeRef::name).toList());
    }

    private static String firstNonEmpty(AttributeRef attribute, List<?> values) {
        for (Object value : values) {
            String shown = attribute.display(value);
            if (!shown.isEmpty()) {
                return shown;
            }
        }
        return null;
    }

    private static Choice refused(PrincipalRefusal.Cause cause, String message) {
        return new Choice(null, null, new PrincipalRefusal(cause, message));
    }
}
