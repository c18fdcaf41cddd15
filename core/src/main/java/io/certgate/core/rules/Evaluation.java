package io.certgate.core.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of evaluating a rule set against one identity: the principal name, the roles (the union over
 * all matching rules, in rule order) and how each rule came out. Immutable.
 */
public final class Evaluation {
    private final String principal;
    private final String principalAttribute;
    private final PrincipalRefusal principalRefusal;
    private final Set<String> roles;
    private final List<RuleOutcome> rules;
    private final String ruleLimit;

    Evaluation(String principal, String principalAttribute, PrincipalRefusal principalRefusal, Set<String> roles,
               List<RuleOutcome> rules, String ruleLimit) {
        this.principalRefusal = principalRefusal;
        this.ruleLimit = ruleLimit;
        this.principal = principal;
        this.principalAttribute = principalAttribute;
        this.roles = Collections.unmodifiableSet(roles);
        this.rules = List.copyOf(rules);
    }

    /**
     * The principal name: the first non-empty value of the first {@code principal} attribute the identity has; empty
     * when {@link #principalRefusal()} says why there is none.
     */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** The attribute that named the principal, e.g. {@code spiffe-id}. */
    public Optional<String> principalAttribute() {
        return Optional.ofNullable(principalAttribute);
    }

    /** Why there is no principal, when there is none: the client is then refused. */
    public Optional<PrincipalRefusal> principalRefusal() {
        return Optional.ofNullable(principalRefusal);
    }

    /** The roles granted; empty when no rule matched. */
    public Set<String> roles() {
        return roles;
    }

    /** Every rule in file order with whether it matched. */
    public List<RuleOutcome> rules() {
        return rules;
    }

    /**
     * When explaining, the first {@code ~} test that gave up on a value (its {@code FILE:LINE:COLUMN} and why): a
     * server refuses such a client with {@code RULE_LIMIT}. Evaluation outside {@code explain} throws
     * {@link RegexLimitException} instead.
     */
    public Optional<String> ruleLimit() {
        return Optional.ofNullable(ruleLimit);
    }

    /** The lines of the rules that matched. */
    public List<Integer> matchedLines() {
        List<Integer> out = new ArrayList<>();
        for (RuleOutcome r : rules) {
            if (r.matched()) {
                out.add(r.line());
            }
        }
        return out;
    }
}
