package io.certgate.core.rules;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A {@code ~} test stops on a value it would backtrack on for too long, and the decision fails closed. */
class RegexLimitTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** Forty a's and no b: (.*a){20}b tries every way of choosing twenty of them before it gives up. */
    private static final TestCertificate EVIL = TestCertificate.builder().subject("CN=" + "a".repeat(40) + "!").build();

    @Test
    void exponentialBacktrackingGivesUp() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "role a when subject.cn ~ \"(.*a){20}b\"");
        ClientIdentity identity = ClientIdentity.of(EVIL.certificate());
        RegexLimitException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RegexLimitException.class, () -> rules.evaluate(identity)));
        assertEquals("t.rules:1:26: regular expression (.*a){20}b gave up on a value of 41 characters after "
                + (BoundedRegex.MIN_STEPS + 41 * BoundedRegex.STEPS_PER_CHAR) + " steps", e.getMessage());
    }

    @Test
    void aNegatedTestThatGivesUpDoesNotGrantTheRole() throws Exception {
        CertGate gate = CertGate.builder().rules(RuleSet.parse("t.rules",
                "principal = subject.cn\nrole a when not subject.cn ~ \"(.*a){20}b\"")).build();
        Decision decision = assertTimeoutPreemptively(BOUND, () -> gate.decide(EVIL.chainArray()));
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, decision);
        assertEquals(DenialReason.RULE_LIMIT, denied.reason());
        assertEquals("t.rules:2:30: regular expression (.*a){20}b gave up on a value of 41 characters after "
                + (BoundedRegex.MIN_STEPS + 41 * BoundedRegex.STEPS_PER_CHAR) + " steps", denied.message());
        assertEquals(1, gate.statistics().denied(DenialReason.RULE_LIMIT));
    }

    @Test
    void deepRecursionOnALongValueGivesUpToo() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "role a when subject.o ~ \"(a|b)*\"");
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder()
                .subject("CN=x,O=" + "ab".repeat(50_000)).build().certificate());
        RegexLimitException e = assertThrows(RegexLimitException.class, () -> rules.evaluate(identity));
        assertEquals("t.rules:1:25: regular expression (a|b)* exhausted the stack on a value of 100000 characters",
                e.getMessage());
    }

    @Test
    void ordinaryExpressionsStillMatchLongValues() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "role a when subject.o ~ \"(?:ab)*+\"\nrole b when subject.cn ~ \"x.*\"");
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder()
                .subject("CN=x,O=" + "ab".repeat(50_000)).build().certificate());
        assertEquals(Set.of("a", "b"), rules.evaluate(identity).roles());
    }
}
