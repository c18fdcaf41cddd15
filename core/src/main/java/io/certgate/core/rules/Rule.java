package io.certgate.core.rules;


import java.util.List;

/** One {@code role NAME when CONDITION} line of a rules file. Immutable. */
public final class Rule {
    private final int line;
    private final String role;
    private final Condition condition;

    Rule(int line, String role, Condition condition) {
        this.line = line;
        this.role = role;
        this.condition = condition;
    }

    /** The line the rule starts on. */
    public int line() {
        return line;
    }

    /** The role it grants. */
    public String role() {
        return role;
    }

    /** The condition written back in rules syntax. */
    public String condition() {
        return condition.text();
    }

    /** Whether the condition is false for every certificate ({@code false}, {@code not true}, …). */
    public boolean neverMatches() {
        return Boolean.FALSE.equals(Condition.constantValue(condition));
    }

    boolean test(Facts facts, List<TestOutcome> trace) {
        return condition.test(facts, trace) == Truth.TRUE;
    }

    @Override
    public String toString() {
        return "role " + role + " when " + condition.text();
    }
}
