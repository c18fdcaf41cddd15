package io.certgate.core.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every error class of the rules language, with its exact FILE:LINE:COLUMN message. */
class RulesErrorsTest {

    static List<String> errors(String text) {
        RulesException e = assertThrows(RulesException.class, () -> RuleSet.parse("r.rules", text));
        return e.errors().stream().map(RulesError::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
            // lexical
            "role a when subject.cn = \"alice => r.rules:1:26: unterminated string: expected a closing '\"' before the end of the line",
            "role a when subject.cn = \"a\\lice\" => r.rules:1:28: unknown escape '\\l' in a string; only \\\" and \\\\ are escapes",
            "role a when subject.cn == \"a\" => r.rules:1:25: expected a quoted string after '=', found '='",
            "role a when subject.cn ! \"a\" => r.rules:1:24: unexpected character '!'; expected a word, a quoted string, '(', ')', ',', '=', '!=' or '~'",
            "role a when subject.cn = \"a\u0001\" => r.rules:1:28: control character U+0001 in a string",
            "role a when subject.cn = \"a\uFFFDb\" => r.rules:1:27: value can never match: it contains a replacement character U+FFFD at offset 1",
            "role a when subject.cn = 'a' => r.rules:1:26: unexpected character '''; expected a word, a quoted string, '(', ')', ',', '=', '!=' or '~' (strings are written in double quotes)",
            // statements
            "admin when true => r.rules:1:1: expected 'role NAME when CONDITION' or 'SETTING = VALUE', found 'admin'",
            "role when true => r.rules:1:6: expected a role name after 'role', found 'when'",
            "role \"\" when true => r.rules:1:6: expected a role name after 'role', found an empty string",
            "role a if true => r.rules:1:8: expected 'when' after the role name, found 'if'",
            "role a when => r.rules:1:12: expected a test such as 'subject.cn = \"alice\"', 'present ATTR', 'true' or '(', found the end of the line",
            "role a when true true => r.rules:1:18: expected 'and', 'or' or the end of the rule, found 'true'",
            "role a when true) => r.rules:1:17: unbalanced ')', found ')'",
            "role a when (true => r.rules:1:18: expected ')' to close the '(' at column 13, found the end of the line",
            "role a when true and => r.rules:1:21: expected a test such as 'subject.cn = \"alice\"', 'present ATTR', 'true' or '(', found the end of the line",
            "role a when not => r.rules:1:16: expected a test such as 'subject.cn = \"alice\"', 'present ATTR', 'true' or '(', found the end of the line",
            "role a when present => r.rules:1:20: expected an attribute name after 'present', found the end of the line",
            // operators
            "role a when subject.cn => r.rules:1:23: expected '=', '!=', 'in', 'matches' or '~' after 'subject.cn', found the end of the line",
            "role a when subject.cn is \"a\" => r.rules:1:24: expected '=', '!=', 'in', 'matches' or '~' after 'subject.cn', found 'is'",
            "role a when subject.cn = alice => r.rules:1:26: expected a quoted string after '=', found 'alice'",
            "role a when subject.cn matches alice => r.rules:1:32: expected a quoted string after 'matches', found 'alice'",
            "role a when subject.cn in \"a\" => r.rules:1:27: expected '(' after 'in' (a single string after 'in' is a CIDR block, for san.ip only)",
            "role a when subject.cn in (\"a\" \"b\") => r.rules:1:32: expected ',' or ')' in the list after 'in', found string \"b\"",
            "role a when subject.cn in (a) => r.rules:1:28: expected a quoted string in the list after 'in', found 'a'",
            "role a when subject matches \"CN=*\" => r.rules:1:21: 'matches' does not apply to subject; compare whole names with '=' or match parts with subject.<attr>",
            "role a when san.ip ~ \"10.*\" => r.rules:1:20: '~' does not apply to san.ip; use 'in \"CIDR\"'",
            "role a when serial matches \"1*\" => r.rules:1:20: 'matches' does not apply to serial; use '=' or 'in'",
            // attributes
            "role a when subject.xx = \"a\" => r.rules:1:13: unknown name attribute 'subject.xx'; expected subject.<attr> with attr one of cn, l, st, o, ou, c, street, dc, uid, emailaddress, serialnumber, sn, givenname, initials, generationqualifier, title, name, dnqualifier, pseudonym, postalcode, businesscategory, organizationidentifier, jurisdictionc, jurisdictionst, jurisdictionl, or a dotted OID",
            "role a when san.other.x = \"a\" => r.rules:1:13: expected a dotted OID after 'san.other.' (first arc 0, 1 or 2; under 0 and 1 the second at most 39; no arc over 224 bits), found 'x'",
            "role a when sans.dns = \"a\" => r.rules:1:13: unknown attribute 'sans.dns'; expected one of subject, subject.<attr|oid>, issuer, issuer.<attr|oid>, san.dns, san.ip, san.email, san.uri, san.upn, san.other.<oid>, san.dirname, san.rid, spiffe-id, spiffe-id.trust-domain, spiffe-id.path, serial, fingerprint, spki, eku, policy, issuer.spki, issuer.fingerprint, anchor, anchor.spki, anchor.fingerprint",
            // literals
            "role a when subject.cn ~ \"[a-\" => r.rules:1:29: invalid regular expression: Illegal character range",
            "role a when subject.cn ~ \"(a\" => r.rules:1:28: invalid regular expression: Unclosed group",
            "role a when san.ip in \"10.0.0.1/8\" => r.rules:1:24: expected an IP address or a CIDR block such as \"10.0.0.0/8\" (no host bits set), found \"10.0.0.1/8\"",
            "role a when san.ip in \"10.0.0.0/33\" => r.rules:1:24: expected an IP address or a CIDR block such as \"10.0.0.0/8\" (no host bits set), found \"10.0.0.0/33\"",
            "role a when san.ip = \"010.0.0.1\" => r.rules:1:23: expected an IP address such as \"10.1.2.3\" or \"2001:db8::1\" (no leading zeros), found \"010.0.0.1\"",
            "role a when san.ip = \"example.org\" => r.rules:1:23: expected an IP address such as \"10.1.2.3\" or \"2001:db8::1\" (no leading zeros), found \"example.org\"",
            "role a when san.ip = \"10.0.0.0/8\" => r.rules:1:31: a CIDR block needs 'in', not '=': write san.ip in \"10.0.0.0/8\"",
            "role a when serial = \"xyz\" => r.rules:1:23: expected a serial number in hex (colons optional), found \"xyz\"",
            "role a when fingerprint = \"3f2a\" => r.rules:1:28: expected a SHA-256 fingerprint: 64 hex digits, colons optional, found 4 characters",
            "role a when spki = \"abc\" => r.rules:1:21: expected the base64 SHA-256 of a SubjectPublicKeyInfo (44 characters, optionally after 'sha256/') or its 64 hex digits, found \"abc\"",
            "role a when eku = \"clientauthx\" => r.rules:1:20: expected a dotted OID or a purpose name such as clientAuth, found \"clientauthx\"",
            "role a when issuer = \"CN=a;O=b\" => r.rules:1:27: invalid distinguished name: unescaped ';' in a value; separate RDNs with ',' or write '\\;'",
            "role a when issuer = \"XX=a\" => r.rules:1:23: invalid distinguished name: unknown attribute type 'XX' (use a dotted OID for types without a short name)",
            "role a when spiffe-id = \"spiffe://Example.org\" => r.rules:1:26: value can never match, it is not a valid SPIFFE ID: SPIFFE ID trust domain has character 'E'; only lower-case letters, digits, '.', '-' and '_' are allowed",
            "role a when spiffe-id.path = \"ns/x\" => r.rules:1:31: value can never match, it is not a valid SPIFFE ID: a SPIFFE ID path starts with '/'",
            // literals that can never match
            "role a when fingerprint = \"\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\" => r.rules:1:28: expected a SHA-256 fingerprint: 64 hex digits, colons optional, found U+FF10",
            "role a when serial = \"\uFF11\uFF10\" => r.rules:1:23: expected a serial number in hex (colons optional), found \"\uFF11\uFF10\"",
            "role a when san.ip = \"\uFF12001:db8::1\" => r.rules:1:23: expected an IP address such as \"10.1.2.3\" or \"2001:db8::1\" (no leading zeros), found \"\uFF12001:db8::1\"",
            "role a when subject = \"CN=alice\\\\00\" => r.rules:1:24: name can never match: its CN value contains a control character U+0000 at offset 5",
            "role a when eku matches \"clientAuth\" => r.rules:1:26: pattern can never match: eku values are dotted OIDs, so a pattern holds only digits, dots and '*' (clientAuth is 1.3.6.1.5.5.7.3.2; to test for a purpose by name write eku = \"NAME\")",
            "role a when eku ~ \"clientAuth\" => r.rules:1:20: value can never match: eku values are dotted OIDs; write eku = \"clientAuth\" to test for clientAuth",
            "role a when spiffe-id matches \"SPIFFE://example.org/*\" => r.rules:1:32: pattern can never match: a SPIFFE ID starts with 'spiffe://' in lower case",
            "role a when spiffe-id matches \"spiffe://Example.org/*\" => r.rules:1:32: pattern can never match: a SPIFFE trust domain is in lower case, found 'Example.org'",
            "role a when spiffe-id.path matches \"ns/*\" => r.rules:1:37: pattern can never match: a SPIFFE ID path starts with '/'",
            "role a when san.dns = \"bad name!\" => r.rules:1:24: value can never match: san.dns values are visible ASCII without spaces, and this one has U+0020 at offset 3",
            "role a when san.email = \"alice\" => r.rules:1:26: value can never match: san.email values are mailboxes, local@domain with one '@'",
            "role a when san.upn in (\"a@b@c\") => r.rules:1:26: value can never match: san.upn values are mailboxes, local@domain with one '@'",
            "role a when spiffe-id.trust-domain = \"prod.example.org:443\" => r.rules:1:39: value can never match: a SPIFFE trust domain has only letters, digits, '.', '-' and '_' (no port, no user info)",
            "role a when spiffe-id = \"spiffe://example.org\" => r.rules:1:26: value can never match, it is not a valid SPIFFE ID: it has no path, and a client's SPIFFE ID always has one (X509-SVID §3.1)",
            "role a when subject.1.40 = \"x\" => r.rules:1:13: invalid OID in 'subject.1.40'; expected a dotted OID such as subject.2.5.4.3 (first arc 0, 1 or 2; under 0 and 1 the second at most 39; no arc over 224 bits)",
            "role a when subject.cn ~ \"abc\\\\\" => r.rules:1:30: invalid regular expression: a backslash at the end escapes nothing (write \\\\\\\\ in the rules file for a literal backslash)",
            "role a when subject.cn = \"abc\\ => r.rules:1:30: unterminated string: a backslash at the end of the line escapes nothing; write \\\\ for a backslash, then the closing '\"'",
            // settings
            "prinicpal = subject.cn => r.rules:1:1: unknown setting 'prinicpal'; did you mean 'principal'?",
            "bogus = 1 => r.rules:1:1: unknown setting 'bogus'; expected one of principal, trust.anchors, revocation.mode, revocation.scope, revocation.on-unknown, revocation.timeout, revocation.clock-skew, revocation.max-age, revocation.issuers, revocation.ocsp.responder, revocation.ocsp.responder-override, revocation.ocsp.responder-cert, revocation.ocsp.nonce, revocation.ocsp.hash, revocation.ocsp.get, revocation.ocsp.max-bytes, revocation.crl.files, revocation.crl.max-bytes, revocation.crl.cache.max-bytes, revocation.cache.max-ttl, revocation.cache.max-entries",
            "revocation.timeot = 5s => r.rules:1:1: unknown setting 'revocation.timeot'; did you mean 'revocation.timeout'?",
            "revocation.mode = sometimes => r.rules:1:19: revocation.mode expects ocsp-then-crl, crl-then-ocsp, ocsp, crl or off, found 'sometimes'",
            "revocation.timeout = 5 s => r.rules:1:24: expected the end of the line after the value of 'revocation.timeout', found 's' (quote values that contain spaces)",
            "revocation.timeout = 0s => r.rules:1:22: revocation.timeout expects a duration from 1ms to 5m, found '0s'",
            "revocation.timeout = soon => r.rules:1:22: revocation.timeout expects a duration such as 500ms, 5s, 5m, 1h, 7d or PT5S, found 'soon'",
            "revocation.ocsp.nonce = yes => r.rules:1:25: revocation.ocsp.nonce expects true or false, found 'yes'",
            "revocation.ocsp.responder = \"ftp://x/\" => r.rules:1:29: revocation.ocsp.responder expects an http or https URL, found 'ftp://x/'",
            "revocation.crl.max-bytes = 10 => r.rules:1:28: revocation.crl.max-bytes expects a size from 1KiB to 1GiB, found '10'",
            "revocation.crl.cache.max-bytes = 256MB => r.rules:1:34: revocation.crl.cache.max-bytes expects a size such as 65536, 64KiB or 64MiB, found '256MB'",
            "revocation.scope = => r.rules:1:19: expected a value for 'revocation.scope', found the end of the line",
            "principal = => r.rules:1:12: expected an attribute name in 'principal', found the end of the line",
            "principal = subject.cn subject.o => r.rules:1:24: expected ',' or the end of the line after a principal attribute, found 'subject.o'",
            "principal = subject.cn, => r.rules:1:24: expected an attribute name in 'principal', found the end of the line",
            "principal = \"subject.cn\" => r.rules:1:13: expected an attribute name in 'principal', found string \"subject.cn\"",
            "principal = cn => r.rules:1:13: unknown attribute 'cn'; expected one of subject, subject.<attr|oid>, issuer, issuer.<attr|oid>, san.dns, san.ip, san.email, san.uri, san.upn, san.other.<oid>, san.dirname, san.rid, spiffe-id, spiffe-id.trust-domain, spiffe-id.path, serial, fingerprint, spki, eku, policy, issuer.spki, issuer.fingerprint, anchor, anchor.spki, anchor.fingerprint",
    })
    void singleError(String text, String expected) {
        assertEquals(List.of(expected), errors(text.strip()));
    }

    @Test
    void anUnknownAttributeDoesNotHideTheErrorsAfterIt() {
        assertEquals(List.of(
                "r.rules:1:13: unknown attribute 'bar'; expected one of " + String.join(", ", AttributeRef.NAMES),
                "r.rules:1:41: invalid regular expression: Unclosed character class"),
                errors("role b when bar = \"x\" and subject.cn ~ \"[\""));
    }

    @Test
    void columnsCountCharactersNotUtf16Units() {
        assertEquals(List.of("r.rules:1:34: unknown attribute 'foo'; expected one of " + String.join(", ", AttributeRef.NAMES)),
                errors("role a when subject.cn = \"\uD83D\uDE00\" and foo = \"x\""));
        assertEquals(List.of("r.rules:1:28: unknown escape '\\,' in a string; only \\\" and \\\\ are escapes"),
                errors("role a when subject.cn = \"\uD83D\uDE00\\,\""));
    }

    @Test
    void roleNamesHoldNoInvisibleOrControlCharacters() {
        assertEquals(List.of("r.rules:1:8: a role name cannot hold U+0009 (CHARACTER TABULATION); expected letters, digits, "
                + "punctuation and plain spaces"), errors("role \"a\tb\" when true"));
        assertEquals(List.of("r.rules:1:8: a role name cannot hold U+202E (RIGHT-TO-LEFT OVERRIDE); expected letters, digits, "
                + "punctuation and plain spaces"), errors("role \"a\u202Eb\" when true"));
        assertEquals(List.of("r.rules:1:6: expected a role name after 'role', found a blank string"), errors("role \"  \" when true"));
        assertEquals(List.of("r.rules:1:6: unexpected character '\u00fc' (U+00FC); expected a word, a quoted string, '(', ')', "
                + "',', '=', '!=' or '~' (words are ASCII; quote a role name that has other letters)"), errors("role \u00fcber when true"));
        assertEquals(List.of("r.rules:1:31: expected a SHA-256 fingerprint: 64 hex digits, colons optional, found 'z'"),
                errors("role a when fingerprint = \"3f2z\""));
    }

    @Test
    void aLineOfOnlySpacesEndsAStatementLikeAnEmptyLine() {
        assertEquals(List.of("r.rules:3:3: continuation line without a statement before it; start statements in column 1"),
                errors("role b when true\n   \n  and false"));
    }

    @Test
    void aRepeatedSettingsValueIsCheckedToo() {
        assertEquals(List.of("r.rules:2:1: setting 'principal' is already set on line 1",
                "r.rules:2:13: unknown attribute 'sans.email'; expected one of " + String.join(", ", AttributeRef.NAMES)),
                errors("principal = san.email\nprincipal = sans.email"));
    }

    @Test
    void conditionsNestAtMostAHundredLevels() {
        String deep = "role d when " + "(".repeat(101) + "true" + ")".repeat(101);
        assertEquals(List.of("r.rules:1:113: conditions nest deeper than 100 levels of 'not' and parentheses; "
                + "expected a flatter condition"), errors(deep));
        assertEquals(List.of("r.rules:1:413: conditions nest deeper than 100 levels of 'not' and parentheses; "
                + "expected a flatter condition"), errors("role d when " + "not ".repeat(5_000) + "true"));
        String fine = "role d when " + "not (".repeat(50) + "true" + ")".repeat(50);
        assertEquals(0, RuleSetTest.parseQuietly(fine).rules().size() - 1);
    }

    @Test
    void everyErrorOfAFileIsReportedAtOnceInFileOrder() {
        String text = String.join("\n",
                "principal = subject.cn",
                "role a when subject.cn = \"alice",
                "role b when true",
                "principal = san.email",
                "role c when",
                "  san.ip in \"10.0.0.0/33\"",
                "  or subject.cn ~ \"(\"",
                "role d when bogus = \"x\"");
        assertEquals(List.of(
                "r.rules:2:26: unterminated string: expected a closing '\"' before the end of the line",
                "r.rules:4:1: setting 'principal' is already set on line 1",
                "r.rules:6:14: expected an IP address or a CIDR block such as \"10.0.0.0/8\" (no host bits set), found \"10.0.0.0/33\"",
                "r.rules:7:20: invalid regular expression: Unclosed group",
                "r.rules:8:13: unknown attribute 'bogus'; expected one of subject, subject.<attr|oid>, issuer, issuer.<attr|oid>, san.dns, san.ip, san.email, san.uri, san.upn, san.other.<oid>, san.dirname, san.rid, spiffe-id, spiffe-id.trust-domain, spiffe-id.path, serial, fingerprint, spki, eku, policy, issuer.spki, issuer.fingerprint, anchor, anchor.spki, anchor.fingerprint"),
                errors(text));
    }

    @Test
    void aFileWithGoodRulesAndOneBadOneIsRejectedWhole(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("app.rules"),
                "role a when subject.cn = \"alice\"\nrole b when subject.cn ~ \"(\"\nrole c when true\n");
        RulesException e = assertThrows(RulesException.class, () -> RuleSet.load(file));
        assertEquals(List.of(file + ":2:27: invalid regular expression: Unclosed group"),
                e.errors().stream().map(RulesError::toString).toList());
    }

    @Test
    void continuationLinesNeedAStatementBeforeThem() {
        assertEquals(List.of("r.rules:1:3: continuation line without a statement before it; start statements in column 1"),
                errors("  role a when true"));
        assertEquals(List.of("r.rules:3:5: continuation line without a statement before it; start statements in column 1"),
                errors("role a when true\n\n    or false"));
    }

    @Test
    void columnsInContinuationLinesAreThoseOfThePhysicalLine() {
        assertEquals(List.of("r.rules:3:20: expected a quoted string after '=', found 'bob'"),
                errors("role a when\n    subject.cn = \"alice\"\n    or subject.o = bob"));
    }

    @Test
    void columnsInsideStringsAccountForEscapes() {
        // The rules string "O=\\\\\\"x" holds O=\\"x: the DN parser stops at its unescaped quote, offset 4.
        assertEquals(List.of("r.rules:1:29: invalid distinguished name: unescaped '\"' in a value; write it as '\\\"'"),
                errors("role a when issuer = \"O=\\\\\\\\\\\"x\""));
    }

    @Test
    void aFileLargerThanAnyRulesFileIsRefusedWithoutReadingItAll(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.rules");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB of nothing
        }
        RulesException e = assertThrows(RulesException.class, () -> RuleSet.load(huge));
        assertEquals(List.of(huge + ": cannot read the rules file: IOException larger than 4 MiB, which no rules file is"),
                e.errors().stream().map(RulesError::toString).toList());
    }

    @Test
    void unreadableAndNonUtf8FilesAreErrorsOfTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.rules");
        RulesException e = assertThrows(RulesException.class, () -> RuleSet.load(missing));
        assertEquals(missing + ": cannot read the rules file: NoSuchFileException " + missing, e.getMessage());
        Path latin1 = dir.resolve("latin1.rules");
        Files.write(latin1, "role a when true\nrole b when subject.cn = \"caf\u00e9\"".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        e = assertThrows(RulesException.class, () -> RuleSet.load(latin1));
        assertEquals(latin1 + ":2:30: the file is not valid UTF-8 (byte 0xe9)", e.getMessage());
    }

    @Test
    void validFileLoadsFromDisk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.rules");
        Files.writeString(f, "\uFEFFprincipal = subject.cn\r\nrole a when true\r\n");
        RuleSet rules = RuleSet.load(f);
        assertEquals(f.toString(), rules.source());
        assertEquals(List.of("subject.cn"), rules.principalAttributes());
        assertEquals(1, rules.settings().size());
        assertEquals(2, rules.rules().get(0).line());
    }
}
