package io.certgate.core.rules;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The {@code ~} tests of one decision share one budget of steps, whatever the values' length; a value longer than
 * the cap is not read; a decision that gives up fails closed and is cached like any other. The tests count steps
 * ({@link RuleSet#regexSteps()}), never time; the timeouts only guard against a hang.
 */
/** A hang guard only: what the tests prove is counted in steps, never timed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegexLimitTest {
    private static final String EVIL = "(.*a){20}b";
    private static final String BUDGET_RAN_OUT = " characters: the ~ tests of one certificate may take "
            + RegexBudget.STEPS_PER_DECISION + " steps together";
    /** Forty a's and no b: (.*a){20}b tries every way of choosing twenty of them before it gives up. */
    private static final TestCertificate FORTY = TestCertificate.builder().subject("CN=" + "a".repeat(40) + "!").build();

    @Test
    void exponentialBacktrackingGivesUpAfterTheStepsOfOneDecision() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "role a when subject.cn ~ \"" + EVIL + "\"");
        ClientIdentity identity = ClientIdentity.of(FORTY.certificate());
        RegexLimitException e = assertThrows(RegexLimitException.class, () -> rules.evaluate(identity));
        assertEquals("t.rules:1:26: regular expression " + EVIL + " gave up on a value of 41" + BUDGET_RAN_OUT,
                e.getMessage());
        assertEquals(RegexBudget.STEPS_PER_DECISION, rules.regexSteps());
    }

    @Test
    void theBudgetDoesNotGrowWithTheLengthOfTheValue() throws Exception {
        for (int length : List.of(41, 400, RegexBudget.MAX_VALUE_LENGTH)) {
            RuleSet rules = RuleSet.parse("t.rules", "role a when subject.cn ~ \"" + EVIL + "\"");
            ClientIdentity identity = ClientIdentity.of(TestCertificate.builder()
                    .subject("CN=" + "a".repeat(length - 1) + "!").build().certificate());
            assertThrows(RegexLimitException.class, () -> rules.evaluate(identity));
            assertEquals(RegexBudget.STEPS_PER_DECISION, rules.regexSteps(), "value of " + length + " characters");
        }
    }

    @Test
    void allTestsOfOneDecisionShareOneBudget() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            text.append("role r").append(i).append(" when subject.cn ~ \"").append(EVIL).append("\" or san.dns ~ \"")
                    .append(EVIL).append("\"\n");
        }
        RuleSet rules = RuleSet.parse("t.rules", text.toString());
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder().subject("CN=" + "a".repeat(40) + "!")
                .sanDns("a".repeat(40) + ".example").build().certificate());
        Evaluation explained = rules.explain(identity);
        // fifty expressions that each would exhaust a budget of their own took one budget together
        assertEquals(RegexBudget.STEPS_PER_DECISION, rules.regexSteps());
        for (RuleOutcome rule : explained.rules()) {
            for (TestOutcome test : rule.tests()) {
                assertEquals(Truth.UNKNOWN, test.result(), test.test());
            }
        }
        assertEquals(Set.of(), explained.roles());
        assertEquals("t.rules:1:27: regular expression " + EVIL + " gave up on a value of 41" + BUDGET_RAN_OUT,
                explained.ruleLimit().orElseThrow());
    }

    @Test
    void aValueLongerThanTheCapIsNotReadAndTheTestIsUnknown() throws Exception {
        String uri = "https://example.org/" + "a".repeat(29_000);
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder().subject("CN=x").sanUri(uri)
                .build().certificate());
        RuleSet rules = RuleSet.parse("t.rules", "role slow when san.uri ~ \"" + EVIL + "\"\n"
                + "role any when san.uri ~ \".*\"\nrole none when not san.uri ~ \"x\"\nrole other when present san.uri");
        assertEquals(Set.of("other"), rules.evaluate(identity).roles());
        assertEquals(0, rules.regexSteps(), "the long value was not read");
        TestOutcome any = rules.explain(identity).rules().get(1).tests().get(0);
        assertEquals(Truth.UNKNOWN, any.result());
        assertEquals("value \"" + uri + "\"; a value of " + uri.length() + " characters is longer than the "
                + RegexBudget.MAX_VALUE_LENGTH + " a ~ test reads, so the test is unknown", any.detail());
    }

    @Test
    void aValueOfExactlyTheCapIsRead() throws Exception {
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder()
                .subject("CN=x,O=" + "ab".repeat(RegexBudget.MAX_VALUE_LENGTH / 2)).build().certificate());
        RuleSet rules = RuleSet.parse("t.rules", "role a when subject.o ~ \"(?:ab)*+\"\nrole b when subject.cn ~ \"x.*\"");
        assertEquals(Set.of("a", "b"), rules.evaluate(identity).roles());
        assertEquals(RegexBudget.MAX_VALUE_LENGTH + 1, rules.regexSteps());
    }

    @Test
    void aValueOnlyPartlyLongerThanTheCapStillMatchesByAnotherValue() throws Exception {
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder().subject("CN=x")
                .sanDns("a".repeat(2_000) + ".example", "ok.example").build().certificate());
        RuleSet rules = RuleSet.parse("t.rules", "role a when san.dns ~ \"ok\\\\..*\"\nrole b when san.dns ~ \"zz.*\"");
        Evaluation e = rules.explain(identity);
        assertEquals(Set.of("a"), e.roles());
        assertEquals(Truth.UNKNOWN, e.rules().get(1).tests().get(0).result(), "the long value could have matched");
    }

    @Test
    void aNegatedTestThatGivesUpDoesNotGrantTheRole() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "principal = subject.cn\nrole a when not subject.cn ~ \"" + EVIL + "\"");
        CertGate gate = CertGate.builder().rules(rules).build();
        Decision decision = gate.decide(FORTY.chainArray());
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, decision);
        assertEquals(DenialReason.RULE_LIMIT, denied.reason());
        assertEquals("t.rules:2:30: regular expression " + EVIL + " gave up on a value of 41" + BUDGET_RAN_OUT,
                denied.message());
        assertEquals(1, gate.statistics().denied(DenialReason.RULE_LIMIT));
    }

    @Test
    void aCertificateThatRanOutOfStepsIsRefusedFromTheCacheOnLaterRequests() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "principal = subject.cn\nrole a when subject.cn ~ \"" + EVIL + "\"");
        CertGate gate = CertGate.builder().rules(rules).build();
        TestCertificate client = TestCertificate.builder().subject("CN=" + "a".repeat(40) + "!").build();
        for (int request = 0; request < 20; request++) {
            Decision decision = gate.decide(client.chainArray());
            assertEquals(DenialReason.RULE_LIMIT, assertInstanceOf(Decision.Denied.class, decision).reason());
        }
        assertEquals(RegexBudget.STEPS_PER_DECISION, rules.regexSteps(), "twenty requests, one evaluation");
        assertEquals(20, gate.statistics().denied(DenialReason.RULE_LIMIT));
    }

    @Test
    void aLongValueIsNotReadSoCannotExhaustTheStack() throws Exception {
        RuleSet rules = RuleSet.parse("t.rules", "role a when subject.o ~ \"(a|b)*\"");
        ClientIdentity identity = ClientIdentity.of(TestCertificate.builder()
                .subject("CN=x,O=" + "ab".repeat(50_000)).build().certificate());
        assertEquals(Set.of(), rules.evaluate(identity).roles());
        assertEquals(0, rules.regexSteps());
    }
}
