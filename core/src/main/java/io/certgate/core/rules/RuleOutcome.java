package io.certgate.core.rules;

import java.util.List;

/**
 * Whether one rule matched an identity.
 *
 * @param line    the rule's line in the rules file
 * @param role    the role the rule grants
 * @param matched whether its condition held
 * @param tests   each test of the condition with its outcome; empty unless the evaluation was an explanation
 */
public record RuleOutcome(int line, String role, boolean matched, List<TestOutcome> tests) {
    public RuleOutcome {
        tests = List.copyOf(tests);
    }
}
