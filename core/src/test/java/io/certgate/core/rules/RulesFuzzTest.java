package io.certgate.core.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.testing.FuzzPki;
import io.certgate.core.testing.TestCertificate;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as a rules file give either a rule set, which then evaluates every identity, or a {@link RulesException}
 * whose every error reads {@code FILE:LINE:COLUMN: message} on one line. Seeds: {@code RulesFuzzTestInputs/parse}.
 */
class RulesFuzzTest {
    private static final String FILE = "fuzz.rules";
    private static final Pattern ERROR = Pattern.compile(Pattern.quote(FILE) + ":[1-9][0-9]*:[1-9][0-9]*: \\S.*");
    private static final List<ClientIdentity> IDENTITIES = List.of(
            identity(FuzzPki.LEAF),
            identity(TestCertificate.builder().subject("CN=bob\\, the builder+UID=b1,O=Ex\u00e4mple")
                    .sanDns("*.example.org").sanIp("2001:db8::1").sanEmail("bob@example.org").build()),
            identity(TestCertificate.builder().subject("").sanUri("spiffe://example.org/a/b").signedBy(FuzzPki.CA).build()));

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] rules) {
        RuleSet ruleSet;
        try {
            ruleSet = RuleSet.parse(FILE, rules);
        } catch (RulesException e) {
            assertFalse(e.errors().isEmpty(), "a RulesException without errors");
            int lines = lineCount(rules);
            for (RulesError error : e.errors()) {
                String text = error.toString();
                assertTrue(ERROR.matcher(text).matches(), () -> "malformed error message: " + text);
                assertTrue(error.line() <= lines, () -> "line beyond the end of the file (" + lines + "): " + text);
                assertEquals(FILE, error.file());
            }
            assertNotNull(e.getMessage());
            return;
        }
        for (ClientIdentity identity : IDENTITIES) {
            Evaluation evaluation = ruleSet.evaluate(identity);
            assertNotNull(evaluation);
            assertEquals(evaluation.roles(), ruleSet.explain(identity).roles());
        }
    }

    /** Lines as the rules language counts them: {@code \n}, {@code \r\n} or {@code \r} end one. */
    private static int lineCount(byte[] rules) {
        int lines = 1;
        for (int i = 0; i < rules.length; i++) {
            if (rules[i] == '\n' || rules[i] == '\r' && (i + 1 == rules.length || rules[i + 1] != '\n')) {
                lines++;
            }
        }
        return lines;
    }

    private static ClientIdentity identity(TestCertificate certificate) {
        try {
            return ClientIdentity.of(certificate.certificate());
        } catch (CertificateFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
