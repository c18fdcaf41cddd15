package io.certgate.core.rules;

import io.certgate.core.config.Setting;
import io.certgate.core.config.SettingKey;
import io.certgate.core.identity.AttributeValue;
import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.identity.IpAddress;
import io.certgate.core.identity.IpRange;
import io.certgate.core.identity.KeyPurposes;
import io.certgate.core.identity.NameSyntaxException;
import io.certgate.core.identity.SpiffeId;
import io.certgate.core.identity.StringPrep;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parses and compiles the statements of a rules file, collecting every error. */
final class Parser {
    private static final List<String> KEYWORDS = List.of("role", "when", "and", "or", "not", "in", "matches",
            "present", "true", "false");

    private final String file;
    private final List<RulesError> errors;
    private final Map<String, AttributeRef> attributes = new HashMap<>();
    private final Map<String, Integer> settingLines = new HashMap<>();

    final List<Rule> rules = new ArrayList<>();
    final List<Setting> settings = new ArrayList<>();
    List<AttributeRef> principal;

    private List<Token> tokens;
    private int pos;

    Parser(String file, List<RulesError> errors) {
        this.file = file;
        this.errors = errors;
    }

    int slots() {
        return attributes.size();
    }

    /** Thrown to abandon the current statement after its error was recorded. */
    private static final class Abandon extends RuntimeException {
        Abandon() {
            super(null, null, false, false);
        }
    }

    void statement(List<Token> statement) {
        this.tokens = statement;
        this.pos = 0;
        this.depth = 0;
        try {
            Token first = peek();
            if (first.isWord("role")) {
                pos++;
                rule(first);
            } else if (first.is(Token.Kind.WORD) && tokens.get(1).is(Token.Kind.EQ)) {
                pos += 2;
                setting(first);
            } else {
                throw error(first, "expected 'role NAME when CONDITION' or 'SETTING = VALUE', found " + first.describe());
            }
        } catch (Abandon ignored) {
            // the error is recorded; go on with the next statement
        }
    }

    private void rule(Token roleToken) {
        Token name = next();
        if (!(name.is(Token.Kind.WORD) || name.is(Token.Kind.STRING)) || (name.is(Token.Kind.WORD) && isKeyword(name))) {
            throw error(name, "expected a role name after 'role', found " + name.describe());
        }
        if (name.text().isBlank()) {
            throw error(name, "expected a role name after 'role', found " + (name.text().isEmpty() ? "an empty" : "a blank")
                    + " string");
        }
        for (int i = 0; i < name.text().length(); ) {
            int cp = name.text().codePointAt(i);
            int type = Character.getType(cp);
            if (cp == '\t' || StringPrep.prohibited(new String(Character.toChars(cp))).isPresent()
                    || type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || (type == Character.SPACE_SEPARATOR && cp != ' ')) {
                report(name, i, String.format(Locale.ROOT, "a role name cannot hold U+%04X (%s); expected letters, digits, "
                        + "punctuation and plain spaces", cp, Character.getName(cp) == null ? "unassigned" : Character.getName(cp)));
                break;
            }
            i += Character.charCount(cp);
        }
        Token when = next();
        if (!when.isWord("when")) {
            throw error(when, "expected 'when' after the role name, found " + when.describe());
        }
        Condition condition = or();
        Token end = peek();
        if (!end.is(Token.Kind.END)) {
            throw error(end, (end.is(Token.Kind.RPAREN) ? "unbalanced ')'" : "expected 'and', 'or' or the end of the rule")
                    + ", found " + end.describe());
        }
        rules.add(new Rule(roleToken.line(), name.text(), condition));
    }

    private void setting(Token key) {
        String k = key.text().toLowerCase(Locale.ROOT);
        SettingKey setting = SettingKey.byKey(k).orElseThrow(() -> error(key, unknownSetting(key.text())));
        Integer first = settingLines.putIfAbsent(k, key.line());
        if (first != null) {
            // Recorded, and the value is still checked, so that its own errors are reported too.
            errors.add(new RulesError(file, key.line(), key.column(), "setting '" + k + "' is already set on line " + first));
        }
        if (setting == SettingKey.PRINCIPAL) {
            principal(key);
            return;
        }
        Token value = next();
        if (!value.is(Token.Kind.WORD) && !value.is(Token.Kind.STRING)) {
            throw error(value, "expected a value for '" + k + "', found " + value.describe());
        }
        Token end = next();
        if (!end.is(Token.Kind.END)) {
            throw error(end, "expected the end of the line after the value of '" + k + "', found " + end.describe()
                    + " (quote values that contain spaces)");
        }
        Optional<String> bad = setting.check(value.text());
        if (bad.isPresent()) {
            throw error(value, bad.get());
        }
        settings.add(new Setting(setting, value.text(), file, value.line(), value.column()));
    }

    private static String unknownSetting(String name) {
        String k = name.toLowerCase(Locale.ROOT);
        SettingKey closest = null;
        int best = Integer.MAX_VALUE;
        for (SettingKey s : SettingKey.values()) {
            int d = editDistance(k, s.key());
            if (d < best) {
                best = d;
                closest = s;
            }
        }
        if (closest != null && best <= 3) {
            return "unknown setting '" + name + "'; did you mean '" + closest.key() + "'?";
        }
        return "unknown setting '" + name + "'; expected one of "
                + String.join(", ", Arrays.stream(SettingKey.values()).map(SettingKey::key).toList());
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code principal = ATTR (, ATTR)*} */
    private void principal(Token key) {
        List<AttributeRef> list = new ArrayList<>();
        while (true) {
            Token t = next();
            if (!t.is(Token.Kind.WORD) || isKeyword(t)) {
                throw error(t, "expected an attribute name in 'principal', found " + t.describe());
            }
            list.add(attribute(t));
            Token sep = next();
            if (sep.is(Token.Kind.END)) {
                break;
            }
            if (!sep.is(Token.Kind.COMMA)) {
                throw error(sep, "expected ',' or the end of the line after a principal attribute, found " + sep.describe());
            }
        }
        principal = List.copyOf(list);
        settings.add(new Setting(SettingKey.PRINCIPAL, String.join(", ", list.stream().map(AttributeRef::name).toList()),
                file, key.line(), key.column()));
    }

    /** Far deeper than any rule a person writes, far below what the thread stack allows. */
    static final int MAX_DEPTH = 100;
    private int depth;

    private Condition or() {
        List<Condition> operands = new ArrayList<>();
        operands.add(and());
        while (peek().isWord("or")) {
            pos++;
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Condition.Or(List.copyOf(operands));
    }

    private Condition and() {
        List<Condition> operands = new ArrayList<>();
        operands.add(unary());
        while (peek().isWord("and")) {
            pos++;
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new Condition.And(List.copyOf(operands));
    }

    private Condition unary() {
        if (peek().isWord("not")) {
            Token not = next();
            enter(not);
            Condition operand = unary();
            depth--;
            return new Condition.Not(operand);
        }
        return primary();
    }

    /** Bounds the nesting of 'not' and parentheses, which the parser and the evaluation follow recursively. */
    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "conditions nest deeper than " + MAX_DEPTH + " levels of 'not' and parentheses; "
                    + "expected a flatter condition");
        }
    }

    private Condition primary() {
        Token t = next();
        if (t.is(Token.Kind.LPAREN)) {
            enter(t);
            Condition inner = or();
            depth--;
            Token close = next();
            if (!close.is(Token.Kind.RPAREN)) {
                throw error(close, "expected ')' to close the '(' at column " + t.column() + ", found " + close.describe());
            }
            return inner;
        }
        if (t.isWord("true") || t.isWord("false")) {
            return new Condition.Constant(t.isWord("true"));
        }
        if (t.isWord("present")) {
            Token a = next();
            if (!a.is(Token.Kind.WORD) || isKeyword(a)) {
                throw error(a, "expected an attribute name after 'present', found " + a.describe());
            }
            return new Condition.Present(attribute(a));
        }
        if (!t.is(Token.Kind.WORD) || isKeyword(t)) {
            throw error(t, "expected a test such as 'subject.cn = \"alice\"', 'present ATTR', 'true' or '(', found "
                    + t.describe());
        }
        AttributeRef attribute = attribute(t);
        Token op = next();
        if (op.is(Token.Kind.EQ) || op.is(Token.Kind.NE)) {
            Token lit = string(op);
            Predicate<Object> eq = equality(attribute, lit, false);
            return new Condition.Test(attribute, op.text(), quote(lit.text()), eq, op.is(Token.Kind.NE));
        }
        if (op.isWord("in")) {
            return in(attribute, op);
        }
        if (op.isWord("matches")) {
            Token lit = string(op);
            requireText(attribute, op);
            return new Condition.Test(attribute, "matches", quote(lit.text()), glob(attribute, lit), false);
        }
        if (op.is(Token.Kind.TILDE)) {
            Token lit = string(op);
            requireText(attribute, op);
            return new Condition.Test(attribute, "~", quote(lit.text()), regex(attribute, lit), false);
        }
        throw error(op, "expected '=', '!=', 'in', 'matches' or '~' after '" + attribute.name() + "', found " + op.describe());
    }

    private Condition in(AttributeRef attribute, Token op) {
        if (peek().is(Token.Kind.STRING)) {
            Token lit = next();
            if (attribute.type() != ValueType.IP) {
                throw error(lit, "expected '(' after 'in' (a single string after 'in' is a CIDR block, for san.ip only)");
            }
            IpRange range = range(lit);
            return new Condition.Test(attribute, "in", quote(lit.text()), v -> range != null && range.contains((IpAddress) v), false);
        }
        Token open = next();
        if (!open.is(Token.Kind.LPAREN)) {
            throw error(open, "expected '(' and a list of quoted strings after 'in', found " + open.describe());
        }
        List<Predicate<Object>> alternatives = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        while (true) {
            Token lit = next();
            if (!lit.is(Token.Kind.STRING)) {
                throw error(lit, "expected a quoted string in the list after 'in', found " + lit.describe());
            }
            texts.add(quote(lit.text()));
            if (attribute.type() == ValueType.IP) {
                IpRange range = range(lit);
                alternatives.add(v -> range != null && range.contains((IpAddress) v));
            } else {
                alternatives.add(equality(attribute, lit, true));
            }
            Token sep = next();
            if (sep.is(Token.Kind.RPAREN)) {
                break;
            }
            if (!sep.is(Token.Kind.COMMA)) {
                throw error(sep, "expected ',' or ')' in the list after 'in', found " + sep.describe());
            }
        }
        Predicate<Object> any = v -> {
            for (Predicate<Object> p : alternatives) {
                if (p.test(v)) {
                    return true;
                }
            }
            return false;
        };
        return new Condition.Test(attribute, "in", "(" + String.join(", ", texts) + ")", any, false);
    }

    private void requireText(AttributeRef attribute, Token op) {
        if (!attribute.type().isText()) {
            String hint = switch (attribute.type()) {
                case NAME -> "; compare whole names with '=' or match parts with " + attribute.name() + ".<attr>";
                case IP -> "; use 'in \"CIDR\"'";
                default -> "; use '=' or 'in'";
            };
            errors.add(new RulesError(file, op.line(), op.column(),
                    "'" + op.text() + "' does not apply to " + attribute.name() + hint));
        }
    }

    /** The equality predicate for one literal, reporting a literal that cannot be a value of the attribute. */
    private Predicate<Object> equality(AttributeRef attribute, Token lit, boolean inList) {
        String s = lit.text();
        switch (attribute.type()) {
            case NAME: {
                try {
                    DistinguishedName dn = DistinguishedName.parse(s);
                    for (AttributeValue value : dn.attributes()) {
                        if (value.problem().isPresent()) {
                            report(lit, 0, "name can never match: its " + value.typeName() + " " + value.problem().get());
                            return v -> false;
                        }
                    }
                    return v -> ((DistinguishedName) v).matches(dn);
                } catch (NameSyntaxException e) {
                    report(lit, e.offset(), "invalid distinguished name: " + e.getMessage());
                    return v -> false;
                }
            }
            case IP: {
                if (s.indexOf('/') >= 0 && !inList) {
                    report(lit, s.indexOf('/'), "a CIDR block needs 'in', not '" + "=': write san.ip in \"" + s + "\"");
                    return v -> false;
                }
                IpRange range = inList ? range(lit) : address(lit);
                return v -> range != null && range.contains((IpAddress) v);
            }
            case SERIAL: {
                BigInteger serial = serial(lit);
                return v -> serial != null && serial.equals(v);
            }
            case SHA256_HEX: {
                byte[] digest = sha256Hex(lit, s);
                return v -> digest != null && Arrays.equals(digest, (byte[]) v);
            }
            case SHA256_PIN: {
                byte[] digest = pin(lit);
                return v -> digest != null && Arrays.equals(digest, (byte[]) v);
            }
            default: {
                String canonical = canonicalLiteral(attribute, lit);
                return v -> canonical != null && canonical.equals(((Value) v).canonical());
            }
        }
    }

    private String canonicalLiteral(AttributeRef attribute, Token lit) {
        String s = lit.text();
        switch (attribute.type()) {
            case DIRECTORY_STRING: {
                Optional<String> bad = StringPrep.prohibited(s);
                if (bad.isPresent()) {
                    report(lit, 0, "value can never match: it contains " + bad.get());
                    return null;
                }
                return StringPrep.prepare(s);
            }
            case OID: {
                Optional<String> oid = KeyPurposes.oid(s);
                if (oid.isEmpty()) {
                    report(lit, 0, "expected a dotted OID or a purpose name such as clientAuth, found \"" + s + "\"");
                    return null;
                }
                return oid.get();
            }
            case SPIFFE: {
                try {
                    if (attribute.name().equals("spiffe-id.path")) {
                        SpiffeId.parse("spiffe://x" + s);
                        if (!s.startsWith("/")) {
                            throw new IllegalArgumentException("a SPIFFE ID path starts with '/'");
                        }
                    } else if (SpiffeId.parse(s).path().isEmpty()) {
                        throw new IllegalArgumentException("it has no path, and a client's SPIFFE ID always has one "
                                + "(X509-SVID §3.1)");
                    }
                } catch (IllegalArgumentException e) {
                    report(lit, 0, "value can never match, it is not a valid SPIFFE ID: " + e.getMessage());
                    return null;
                }
                return s;
            }
            case DNS:
            case URI:
            case MAILBOX:
            case TRUST_DOMAIN: {
                String never = textThatNeverMatches(attribute, s);
                if (never != null) {
                    report(lit, 0, "value can never match: " + never);
                    return null;
                }
                return attribute.type().canonical(s);
            }
            default:
                return attribute.type().canonical(s);
        }
    }

    /** Why a literal can equal no value of a SAN-like attribute, whose values are visible ASCII, or null. */
    private static String textThatNeverMatches(AttributeRef attribute, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return attribute.name() + " values are visible ASCII without spaces, and this one has "
                        + describeChar(s.codePointAt(i)) + " at offset " + i;
            }
        }
        if (attribute.type() == ValueType.MAILBOX) {
            int at = s.indexOf('@');
            if (at <= 0 || at == s.length() - 1 || s.indexOf('@', at + 1) >= 0) {
                return attribute.name() + " values are mailboxes, local@domain with one '@'";
            }
        }
        if (attribute.type() == ValueType.TRUST_DOMAIN && !s.toLowerCase(Locale.ROOT).matches("[a-z0-9._-]+")) {
            return "a SPIFFE trust domain has only letters, digits, '.', '-' and '_' (no port, no user info)";
        }
        return null;
    }

    private Predicate<Object> glob(AttributeRef attribute, Token lit) {
        String s = lit.text();
        String never = globThatNeverMatches(attribute, s);
        if (never != null) {
            report(lit, 0, "pattern can never match: " + never);
            return v -> false;
        }
        String canonical = attribute.type() == ValueType.DIRECTORY_STRING ? StringPrep.prepare(s) : attribute.type().canonical(s);
        Glob glob = Glob.compile(canonical, attribute.type().segments);
        return v -> glob.matches(((Value) v).canonical());
    }

    /** Why a {@code matches} pattern can match no value of the attribute, or null. */
    private static String globThatNeverMatches(AttributeRef attribute, String pattern) {
        switch (attribute.type()) {
            case OID:
                return pattern.matches("[0-9.*]+") ? null : attribute.name()
                        + " values are dotted OIDs, so a pattern holds only digits, dots and '*' (clientAuth is "
                        + "1.3.6.1.5.5.7.3.2; to test for a purpose by name write " + attribute.name() + " = \"NAME\")";
            case SPIFFE: {
                boolean path = attribute.name().equals("spiffe-id.path");
                if (pattern.startsWith("*")) {
                    return null;
                }
                if (path) {
                    return pattern.startsWith("/") ? null : "a SPIFFE ID path starts with '/'";
                }
                if (!pattern.startsWith("spiffe://")) {
                    return "a SPIFFE ID starts with 'spiffe://' in lower case";
                }
                String rest = pattern.substring("spiffe://".length());
                int slash = rest.indexOf('/');
                String trustDomain = slash < 0 ? rest : rest.substring(0, slash);
                return trustDomain.equals(trustDomain.toLowerCase(Locale.ROOT)) ? null
                        : "a SPIFFE trust domain is in lower case, found '" + trustDomain + "'";
            }
            default:
                return null;
        }
    }

    private Predicate<Object> regex(AttributeRef attribute, Token lit) {
        if (attribute.type() == ValueType.OID && !lit.text().matches("[0-9.]+") && KeyPurposes.oid(lit.text()).isPresent()) {
            report(lit, 0, "value can never match: " + attribute.name() + " values are dotted OIDs; write "
                    + attribute.name() + " = \"" + lit.text() + "\" to test for " + lit.text());
            return v -> false;
        }
        try {
            BoundedRegex p = new BoundedRegex(Pattern.compile(lit.text()), file + ":" + lit.line() + ":" + lit.column());
            return v -> p.matches(((Value) v).raw());
        } catch (PatternSyntaxException e) {
            String why = lit.text().endsWith("\\") && (lit.text().length() - lit.text().replaceAll("\\\\+$", "").length()) % 2 == 1
                    ? "a backslash at the end escapes nothing (write \\\\\\\\ in the rules file for a literal backslash)"
                    : e.getDescription();
            report(lit, Math.max(0, e.getIndex()), "invalid regular expression: " + why);
            return v -> false;
        }
    }

    /** A single address as a one-address range. */
    private IpRange address(Token lit) {
        String s = lit.text();
        Optional<IpRange> r = s.chars().allMatch(c -> c < 0x80) && s.indexOf('/') < 0 ? IpRange.parse(s) : Optional.empty();
        if (r.isEmpty()) {
            report(lit, 0, "expected an IP address such as \"10.1.2.3\" or \"2001:db8::1\" (no leading zeros), found \""
                    + s + "\"");
            return null;
        }
        return r.get();
    }

    private IpRange range(Token lit) {
        Optional<IpRange> r = lit.text().chars().allMatch(c -> c < 0x80) ? IpRange.parse(lit.text()) : Optional.empty();
        if (r.isEmpty()) {
            report(lit, 0, "expected an IP address or a CIDR block such as \"10.0.0.0/8\" (no host bits set), found \""
                    + lit.text() + "\"");
            return null;
        }
        return r.get();
    }

    private BigInteger serial(Token lit) {
        String s = lit.text().replace(":", "").replace(" ", "");
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || !isHex(s)) {
            report(lit, 0, "expected a serial number in hex (colons optional), found \"" + lit.text() + "\"");
            return null;
        }
        BigInteger v = new BigInteger(s, 16);
        return negative ? v.negate() : v;
    }

    private byte[] sha256Hex(Token lit, String s) {
        String hex = s.replace(":", "").replace(" ", "");
        int bad = firstNonHex(s);
        if (bad >= 0) {
            report(lit, bad, "expected a SHA-256 fingerprint: 64 hex digits, colons optional, found "
                    + describeChar(s.codePointAt(bad)));
            return null;
        }
        if (hex.length() != 64) {
            report(lit, 0, "expected a SHA-256 fingerprint: 64 hex digits, colons optional, found " + hex.length() + " characters");
            return null;
        }
        return java.util.HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    }

    /** The index of the first character of a hex literal that is not a hex digit, colon or space, or -1. */
    private static int firstNonHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ':' && c != ' ' && !isHex(String.valueOf(c))) {
                return i;
            }
        }
        return -1;
    }

    private static String describeChar(int cp) {
        return cp >= 0x21 && cp <= 0x7e ? "'" + (char) cp + "'" : String.format(Locale.ROOT, "U+%04X", cp);
    }

    /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private byte[] pin(Token lit) {
        String s = lit.text();
        if (s.startsWith("sha256/")) {
            s = s.substring("sha256/".length());
        }
        String hex = s.replace(":", "");
        if (hex.length() == 64 && isHex(hex)) {
            return java.util.HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        }
        try {
            byte[] b = Base64.getDecoder().decode(s);
            if (b.length == 32) {
                return b;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        report(lit, 0, "expected the base64 SHA-256 of a SubjectPublicKeyInfo (44 characters, optionally after "
                + "'sha256/') or its 64 hex digits, found \"" + lit.text() + "\"");
        return null;
    }

    private AttributeRef attribute(Token t) {
        String key = t.text().toLowerCase(Locale.ROOT);
        AttributeRef known = attributes.get(key);
        if (known != null) {
            return known;
        }
        Optional<AttributeRef> ref = AttributeRef.resolve(t.text());
        if (ref.isEmpty()) {
            // Recorded, and parsing goes on with a stand-in so that later errors of the statement are reported too.
            errors.add(new RulesError(file, t.line(), t.column(), AttributeRef.problem(t.text())));
            ref = Optional.of(AttributeRef.unknown(t.text()));
        }
        AttributeRef slotted = ref.get().withSlot(attributes.size());
        attributes.put(key, slotted);
        return slotted;
    }

    private Token string(Token after) {
        Token t = next();
        if (!t.is(Token.Kind.STRING)) {
            throw error(t, "expected a quoted string after '" + after.text() + "', found " + t.describe());
        }
        return t;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Token.Kind.END)) {
            pos++;
        }
        return t;
    }

    private static boolean isKeyword(Token t) {
        return KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Records an error inside a string literal, at the column of its {@code offset}-th character. */
    private void report(Token lit, int offset, String message) {
        errors.add(new RulesError(file, lit.line(), lit.columnOf(offset), message));
    }

    private Abandon error(Token at, String message) {
        errors.add(new RulesError(file, at.line(), at.column(), message));
        return new Abandon();
    }
}
