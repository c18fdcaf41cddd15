package io.certgate.core.rules;

import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Semantics of every attribute and operator of the rules language, against real certificates. */
class RuleSetTest {
    static TestCertificate root;
    static TestCertificate issuing;
    static ClientIdentity alice;

    @BeforeAll
    static void pki() throws Exception {
        root = TestCertificate.builder().subject("CN=Example Root CA,O=Example").ca(-1).build();
        issuing = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).signedBy(root).build();
        alice = ClientIdentity.of(TestCertificate.builder()
                .subject("CN=alice,OU=ops,OU=payments,O=Example,DC=example,DC=org")
                .serial(new BigInteger("1f3a", 16))
                .sanDns("Alice.Example.ORG", "db.internal.example.org")
                .sanIp("10.1.2.3", "2001:db8::7")
                .sanEmail("Alice@OPS.example.org")
                .sanUri("spiffe://prod.example.org/ns/payments/sa/checkout")
                .sanUpn("alice@CORP.example")
                .sanOtherName("1.2.3.4.5", new DERUTF8String("custom-value"))
                .sanDirectoryName("CN=alice-alt,O=Example")
                .sanRegisteredId("1.2.3.99")
                .clientAuth()
                .policies("1.3.6.1.4.1.99999.1.2")
                .signedBy(issuing)
                .build().certificate());
    }

    static RuleSet parseQuietly(String rules) {
        try {
            return RuleSet.parse("t.rules", rules);
        } catch (RulesException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Set<String> roles(String rules, ClientIdentity identity) throws RulesException {
        return RuleSet.parse("test.rules", rules).evaluate(identity).roles();
    }

    static boolean holds(String condition) throws RulesException {
        return roles("role r when " + condition, alice).contains("r");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // subject attributes: RFC 4518 case-insensitive, spaces collapsed
            "subject.cn = \"alice\"                                   | true",
            "subject.CN = \"ALICE\"                                   | true",
            "subject.cn = \"  alice  \"                               | true",
            "subject.cn = \"alic\"                                    | false",
            "subject.2.5.4.3 = \"alice\"                              | true",
            "subject.commonName = \"alice\"                           | true",
            "subject.ou = \"payments\"                                | true",
            "subject.ou = \"ops\"                                     | true",
            "subject.dc in (\"org\")                                  | true",
            "subject.cn != \"bob\"                                    | true",
            "subject.cn != \"Alice\"                                  | false",
            "subject.ou != \"ops\"                                    | false",
            "subject.l = \"x\"                                        | false",
            "subject.l != \"x\"                                       | false",
            "not subject.l = \"x\"                                    | true",
            "subject.cn matches \"ali*\"                              | true",
            "subject.cn matches \"AL*E\"                              | true",
            "subject.cn matches \"b*\"                                | false",
            "subject.cn ~ \"a[a-z]+\"                                 | true",
            "subject.cn ~ \"ALICE\"                                   | false",
            "subject.cn ~ \"(?i)ALICE\"                               | true",
            "subject.cn ~ \"lic\"                                     | false",
            "subject.ou in (\"ops\", \"sre\")                         | true",
            "subject.ou in (\"sre\", \"dev\")                         | false",
            // whole names: RFC 5280 7.1
            "subject = \"CN=alice,OU=ops,OU=payments,O=Example,DC=example,DC=org\"        | true",
            "subject = \"cn=ALICE, ou=OPS, ou=payments, o=example, dc=EXAMPLE, dc=org\"  | true",
            "subject = \"CN=alice,OU=payments,OU=ops,O=Example,DC=example,DC=org\"        | false",
            "subject = \"CN=alice,OU=ops,OU=payments,O=Example,DC=example\"               | false",
            "subject != \"CN=bob\"                                    | true",
            "issuer = \"CN=Example Issuing CA, O=Example\"           | true",
            "issuer = \"CN=Example  Issuing  CA,O=EXAMPLE\"          | true",
            "issuer = \"CN=Example Root CA, O=Example\"              | false",
            "issuer.cn = \"example issuing ca\"                      | true",
            "issuer in (\"CN=Other\", \"CN=Example Issuing CA,O=Example\") | true",
            // DNS names: case-insensitive, * within a label, ** across labels
            "san.dns = \"alice.example.org\"                          | true",
            "san.dns matches \"*.example.org\"                        | true",
            "san.dns matches \"*.org\"                                | false",
            "san.dns matches \"**.org\"                               | true",
            "san.dns matches \"db.*.example.org\"                     | true",
            "san.dns in (\"x.example.org\", \"DB.INTERNAL.EXAMPLE.ORG\") | true",
            "san.dns = \"alice.example.org.\"                         | true",
            "san.dns matches \"*.example.org.\"                       | true",
            // email and UPN: domain case-insensitive, local part exact
            "san.email = \"Alice@ops.example.org\"                    | true",
            "san.email = \"alice@ops.example.org\"                    | false",
            "san.email matches \"*@ops.example.org\"                  | true",
            "san.email matches \"*@example.org\"                      | false",
            "san.email matches \"*example.org\"                       | true",
            "san.upn = \"alice@corp.example\"                         | true",
            "san.upn = \"ALICE@corp.example\"                         | false",
            // URIs and SPIFFE IDs: * within a path segment, ** across
            "san.uri = \"SPIFFE://PROD.EXAMPLE.ORG/ns/payments/sa/checkout\" | true",
            "san.uri matches \"spiffe://prod.example.org/ns/*\"       | false",
            "san.uri matches \"spiffe://prod.example.org/ns/**\"      | true",
            "san.uri matches \"spiffe://*/ns/**\"                     | true",
            "san.uri matches \"spiffe://prod.example.org/ns/**?**\"   | false",
            "spiffe-id = \"spiffe://prod.example.org/ns/payments/sa/checkout\" | true",
            "spiffe-id matches \"spiffe://prod.example.org/ns/payments/*\"   | false",
            "spiffe-id matches \"spiffe://prod.example.org/ns/payments/*/*\" | true",
            "spiffe-id matches \"spiffe://prod.example.org/ns/*/sa/*\"       | true",
            "spiffe-id matches \"spiffe://prod.example.org/ns/payments/**\"  | true",
            "spiffe-id.trust-domain = \"prod.example.org\"            | true",
            "spiffe-id.trust-domain matches \"*.example.org\"         | true",
            "spiffe-id.path = \"/ns/payments/sa/checkout\"            | true",
            "spiffe-id.path matches \"/ns/*/sa/checkout\"             | true",
            // IP addresses: as addresses, CIDR with in
            "san.ip in \"10.0.0.0/8\"                                 | true",
            "san.ip in \"11.0.0.0/8\"                                 | false",
            "san.ip = \"10.1.2.3\"                                    | true",
            "san.ip = \"2001:0db8:0:0:0:0:0:7\"                       | true",
            "san.ip in \"2001:db8::/32\"                              | true",
            "san.ip in (\"192.168.0.0/16\", \"10.1.2.3\")             | true",
            "san.ip in \"::ffff:10.0.0.0/104\"                        | false",
            // serial: as a number
            "serial = \"1f3a\"                                        | true",
            "serial = \"1F:3A\"                                       | true",
            "serial = \"00:1f:3a\"                                    | true",
            "serial = \"0x1F3A\"                                      | true",
            "serial = \"1f3b\"                                        | false",
            // OIDs by name or number
            "eku = \"clientAuth\"                                     | true",
            "eku = \"1.3.6.1.5.5.7.3.2\"                              | true",
            "eku = \"serverAuth\"                                     | false",
            "policy = \"1.3.6.1.4.1.99999.1.2\"                       | true",
            "policy matches \"1.3.6.1.4.1.99999.*.2\"                 | true",
            "san.rid = \"1.2.3.99\"                                   | true",
            "san.other.1.2.3.4.5 = \"custom-value\"                   | true",
            "san.other.1.2.3.4.5 = \"Custom-Value\"                   | false",
            "san.dirname = \"CN=alice-alt,O=Example\"                 | true",
            // present, true, false, precedence
            "present san.upn                                          | true",
            "present spiffe-id                                        | true",
            "present subject.l                                        | false",
            "true                                                     | true",
            "false                                                    | false",
            "not true or true                                         | true",
            "true or false and false                                  | true",
            "(true or false) and false                                | false",
            "not (subject.cn = \"alice\" and subject.ou = \"ops\")    | false",
            "not not true                                             | true",
    })
    void condition(String condition, boolean expected) throws RulesException {
        assertEquals(expected, holds(condition), condition);
    }

    @Test
    void fingerprintAndSpkiCompareAsBytesWhateverTheSeparators() throws RulesException {
        String hex = alice.fingerprintHex();
        StringBuilder colons = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            colons.append(i == 0 ? "" : ":").append(hex.substring(i, i + 2).toUpperCase());
        }
        assertTrue(holds("fingerprint = \"" + hex + "\""));
        assertTrue(holds("fingerprint = \"" + colons + "\""));
        assertFalse(holds("fingerprint = \"" + "0".repeat(64) + "\""));
        assertTrue(holds("spki = \"" + alice.spkiPin() + "\""));
        assertTrue(holds("spki = \"sha256/" + alice.spkiPin() + "\""));
        assertFalse(holds("spki = \"" + "A".repeat(43) + "=\""));
    }

    @Test
    void rolesAreTheUnionInRuleOrderAndMatchedLinesAreRecorded() throws RulesException {
        String text = String.join("\n",
                "# comment",
                "role b when subject.cn = \"alice\"",
                "role a when san.ip in \"10.0.0.0/8\"   # trailing comment",
                "role b when true",
                "role c when false",
                "role \"team lead\" when",
                "    subject.ou = \"ops\"",
                "\tand subject.o = \"example\"");
        Evaluation e = RuleSet.parse("t.rules", text).evaluate(alice);
        assertEquals(List.of("b", "a", "team lead"), List.copyOf(e.roles()));
        assertEquals(List.of(2, 3, 4, 6), e.matchedLines());
        assertEquals(5, e.rules().size());
        assertFalse(e.rules().get(3).matched());
    }

    @Test
    void aDnsNameInAbsoluteFormIsTheSameName() throws Exception {
        ClientIdentity absolute = ClientIdentity.of(TestCertificate.builder().subject("CN=x")
                .sanDns("X.Blocked.Example.").signedBy(issuing).build().certificate());
        assertEquals(Set.of("blocked"), roles("role blocked when san.dns matches \"**.blocked.example\"\n"
                + "role open when not san.dns matches \"**.blocked.example\"", absolute));
    }

    @Test
    void anOtherNameStringNeverPassesForTheEncodingOfAStructuredValue() throws Exception {
        String oid = "1.3.6.1.4.1.99.7";
        ClientIdentity text = ClientIdentity.of(TestCertificate.builder().subject("CN=t")
                .sanOtherName(oid, new org.bouncycastle.asn1.DERIA5String("#3003020101")).signedBy(issuing).build().certificate());
        ClientIdentity structured = ClientIdentity.of(TestCertificate.builder().subject("CN=s")
                .sanOtherName(oid, new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Integer(1)))
                .signedBy(issuing).build().certificate());
        String rules = "role der when san.other." + oid + " = \"#3003020101\"\n"
                + "role text when san.other." + oid + " = \"\\\\#3003020101\"";
        assertEquals(Set.of("der"), roles(rules, structured));
        assertEquals(Set.of("text"), roles(rules, text));
    }

    @Test
    void anEmptySubjectIsAbsentAndNamesNoOne() throws Exception {
        ClientIdentity anonymous = ClientIdentity.of(TestCertificate.builder().subject(new byte[] {0x30, 0x00})
                .sanEmail("svc@example.org").signedBy(issuing).build().certificate());
        Evaluation byDefault = RuleSet.parse("t.rules", "role any when present subject\nrole all when true").evaluate(anonymous);
        assertEquals(Set.of("all"), byDefault.roles());
        assertTrue(byDefault.principal().isEmpty(), "an empty DN is not a name");
        assertFalse(AttributeListing.of(anonymous).containsKey("subject"), "explain lists no empty subject");
        assertEquals("svc@example.org",
                RuleSet.parse("t.rules", "principal = subject, san.email").evaluate(anonymous).principal().orElseThrow());
    }

    @Test
    void anSpkiPinIsShownInBase64AsTheIdentityListsIt() throws RulesException {
        Evaluation e = RuleSet.parse("t.rules", "principal = spki\nrole r when spki = \"" + alice.spkiPin() + "\"")
                .explain(alice);
        assertEquals(alice.spkiPin(), e.principal().orElseThrow());
        assertEquals("matched \"" + alice.spkiPin() + "\"", e.rules().get(0).tests().get(0).detail());
        assertEquals(alice.fingerprintHex(),
                RuleSet.parse("t.rules", "principal = fingerprint").evaluate(alice).principal().orElseThrow());
    }

    @Test
    void noMatchingRuleMeansNoRolesNotAnError() throws RulesException {
        Evaluation e = RuleSet.parse("t.rules", "role admin when subject.cn = \"bob\"").evaluate(alice);
        assertTrue(e.roles().isEmpty());
        assertEquals("CN=alice,OU=payments,OU=ops,O=Example,DC=example,DC=org".length(), e.principal().orElseThrow().length());
        assertEquals("subject", e.principalAttribute().orElseThrow());
    }

    @Test
    void emptyFileGrantsNothingAndNamesBySubject() throws RulesException {
        Evaluation e = RuleSet.parse("empty.rules", "").evaluate(alice);
        assertTrue(e.roles().isEmpty());
        assertEquals(alice.subject().toString(), e.principal().orElseThrow());
    }

    @ParameterizedTest(name = "principal = {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "spiffe-id, san.email, subject.cn | spiffe-id   | spiffe://prod.example.org/ns/payments/sa/checkout",
            "san.email, subject.cn            | san.email   | Alice@OPS.example.org",
            "subject.cn                       | subject.cn  | alice",
            "subject.ou                       | subject.ou  | ops",
            "issuer                           | issuer      | CN=Example Issuing CA,O=Example",
            "serial                           | serial      | 1f3a",
            "san.ip                           | san.ip      | 10.1.2.3",
            "san.upn                          | san.upn     | alice@CORP.example",
    })
    void principalIsTheFirstValueOfTheFirstPresentAttribute(String list, String from, String expected) throws RulesException {
        Evaluation e = RuleSet.parse("p.rules", "principal = " + list).evaluate(alice);
        assertEquals(expected, e.principal().orElseThrow());
        assertEquals(from, e.principalAttribute().orElseThrow());
    }

    @Test
    void aPrincipalAttributeThatCanNeverNameAClientIsWarnedAbout() throws RulesException {
        RuleSet rules = RuleSet.parse("p.rules", "principal = spiffe-id, subject.cn, san.email, san.dns, san.ip\nrole a when true");
        assertEquals(List.of("p.rules:1:36: principal attribute san.email never names a client: every value of it has the "
                        + "form of a subject.cn value, which comes first, so such a client is refused (AMBIGUOUS_PRINCIPAL); "
                        + "list san.email before subject.cn",
                "p.rules:1:47: principal attribute san.dns never names a client: every value of it has the form of a "
                        + "subject.cn value, which comes first, so such a client is refused (AMBIGUOUS_PRINCIPAL); list "
                        + "san.dns before subject.cn",
                "p.rules:1:56: principal attribute san.ip never names a client: every value of it has the form of a "
                        + "subject.cn value, which comes first, so such a client is refused (AMBIGUOUS_PRINCIPAL); list "
                        + "san.ip before subject.cn"),
                rules.warnings().stream().map(Object::toString).toList());
        assertEquals(List.of(), RuleSet.parse("p.rules", "principal = spiffe-id, san.email, san.dns, subject.cn\nrole a when true")
                .warnings());
        assertEquals(1, RuleSet.parse("p.rules", "principal = san.dns, san.ip\nrole a when true").warnings().size());
    }

    @Test
    void aValueFromALaterAttributeInTheFormOfAnEarlierOnesIsNoPrincipal() throws RulesException {
        // any text could be a locality, so a common name after it could be another client's locality
        Evaluation e = RuleSet.parse("p.rules", "principal = subject.l, subject.cn").evaluate(alice);
        assertTrue(e.principal().isEmpty());
        assertEquals(new PrincipalRefusal(PrincipalRefusal.Cause.AMBIGUOUS, "the principal from subject.cn has the form "
                + "of a subject.l value, which comes first in the principal list, so another client could have the same "
                + "name"), e.principalRefusal().orElseThrow());
    }

    @Test
    void principalAbsentWhenNoListedAttributeIsPresent() throws RulesException {
        Evaluation e = RuleSet.parse("p.rules", "principal = subject.l, subject.st").evaluate(alice);
        assertTrue(e.principal().isEmpty());
        assertTrue(e.principalAttribute().isEmpty());
    }

    @Test
    void explainRecordsEveryTestWithItsValues() throws RulesException {
        Evaluation e = RuleSet.parse("t.rules",
                "role r when subject.cn = \"bob\" or not subject.ou = \"contractors\" or present subject.l").explain(alice);
        List<TestOutcome> tests = e.rules().get(0).tests();
        assertEquals(3, tests.size());
        assertEquals(new TestOutcome("subject.cn = \"bob\"", Truth.FALSE, "value \"alice\""), tests.get(0));
        assertEquals(new TestOutcome("not subject.ou = \"contractors\"", Truth.TRUE, "values \"ops\", \"payments\""), tests.get(1));
        assertEquals(new TestOutcome("present subject.l", Truth.FALSE, "subject.l is absent"), tests.get(2));
        assertTrue(e.rules().get(0).matched());
    }

    @Test
    void aValueCertgateCouldNotReadNeverGrantsARoleNotEvenUnderNegation() throws Exception {
        // Two CNs: "bob" and one with a NUL, which certgate cannot use; and a readable OU.
        byte[] subject = new org.bouncycastle.asn1.x500.X500Name(new org.bouncycastle.asn1.x500.RDN[] {
                new org.bouncycastle.asn1.x500.RDN(org.bouncycastle.asn1.x500.style.BCStyle.OU, new DERUTF8String("ops")),
                new org.bouncycastle.asn1.x500.RDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, new DERUTF8String("bob")),
                new org.bouncycastle.asn1.x500.RDN(org.bouncycastle.asn1.x500.style.BCStyle.CN,
                        new DERUTF8String("mallory\0"))}).getEncoded();
        ClientIdentity partly = ClientIdentity.of(TestCertificate.builder().subject(subject).signedBy(issuing).build()
                .certificate());
        String rules = String.join("\n",
                "role readable     when subject.cn = \"bob\"",
                "role negated      when not subject.cn = \"mallory\"",
                "role different    when subject.cn != \"mallory\"",
                "role not-alice    when not subject.cn in (\"alice\")",
                "role not-bob      when not subject.cn = \"bob\"",
                "role either       when subject.cn = \"mallory\" or subject.ou = \"ops\"",
                "role both         when not subject.cn = \"mallory\" and subject.ou = \"ops\"",
                "role whole        when not subject = \"CN=mallory,CN=bob,OU=ops\"",
                "role other        when not subject.ou = \"contractors\"");
        assertEquals(Set.of("readable", "either", "other"), roles(rules, partly));
        List<TestOutcome> negated = RuleSet.parse("t.rules", rules).explain(partly).rules().get(1).tests();
        assertEquals(Truth.UNKNOWN, negated.get(0).result());
        assertTrue(negated.get(0).detail().contains("could not read"), negated.get(0).detail());
    }

    @Test
    void explainingATestThatGivesUpRecordsItAndGoesOn() throws Exception {
        ClientIdentity longCn = ClientIdentity.of(TestCertificate.builder().subject("CN=" + "a".repeat(40) + "!")
                .signedBy(issuing).build().certificate());
        RuleSet rules = RuleSet.parse("t.rules", "role slow when subject.cn ~ \"(.*a){20}b\"\nrole all when true");
        assertThrows(RegexLimitException.class, () -> rules.evaluate(longCn));
        Evaluation e = rules.explain(longCn);
        assertTrue(e.ruleLimit().orElseThrow().startsWith("t.rules:1:29: regular expression"), e.ruleLimit().get());
        assertEquals(Truth.UNKNOWN, e.rules().get(0).tests().get(0).result());
        assertEquals(Set.of("all"), e.roles());
    }

    @Test
    void conditionsAreWrittenBackInRulesSyntax() throws RulesException {
        RuleSet rules = RuleSet.parse("t.rules",
                "role r when not (subject.cn = \"a\" or subject.cn = \"b\") and (true or false)");
        assertEquals("not (subject.cn = \"a\" or subject.cn = \"b\") and (true or false)", rules.rules().get(0).condition());
        assertEquals(1, rules.rules().get(0).line());
        assertEquals("r", rules.rules().get(0).role());
    }
}
