package io.certgate.core.rules;

import io.certgate.core.config.Setting;
import io.certgate.core.config.SettingKey;
import io.certgate.core.identity.IpAddress;
import io.certgate.core.identity.IpRange;
import io.certgate.core.identity.StringPrep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Parses and compiles the statements of a rules file, collecting every error. */
final class Parser {
    private static final List<String> KEYWORDS = List.of("role", "when", "and", "or", "not", "in", "matches",
            "present", "true", "false");

    private final String file;
    private final List<RulesError> errors;
    private final Map<String, AttributeRef> attributes = new HashMap<>();
    private final Map<String, Integer> settingLines = new HashMap<>();
    private final Literals literals;

    final List<Rule> rules = new ArrayList<>();
    /** What is valid but probably not meant, found while parsing; {@link RuleSet} adds its own. */
    final List<RulesError> warnings = new ArrayList<>();
    final List<Setting> settings = new ArrayList<>();
    List<AttributeRef> principal;

    private List<Token> tokens;
    private int pos;

    Parser(String file, List<RulesError> errors) {
        this.file = file;
        this.errors = errors;
        this.literals = new Literals(file, errors);
    }

    int slots() {
        return attributes.size();
    }

    /** Whether a rule or the principal reads an attribute of the verified path. */
    boolean usesVerifiedPath() {
        return attributes.values().stream().anyMatch(AttributeRef::ofVerifiedPath)
                || principal != null && principal.stream().anyMatch(AttributeRef::ofVerifiedPath);
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
        if (!setting.inRulesFile()) {
            throw error(key, k + " can only be set in the container's configuration, not in a rules file: it is the"
                    + " operator's floor under the rules files of every web application");
        }
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
            if (!s.inRulesFile()) {
                continue;
            }
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
                + String.join(", ", Arrays.stream(SettingKey.values()).filter(SettingKey::inRulesFile).map(SettingKey::key).toList());
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
            AttributeRef attribute = attribute(t);
            for (AttributeRef earlier : list) {
                if (earlier.type().coversEveryValueOf(attribute.type())) {
                    warnings.add(new RulesError(file, t.line(), t.column(), "principal attribute " + attribute.name()
                            + " never names a client: every value of it has the form of a " + earlier.name()
                            + " value, which comes first, so such a client is refused (AMBIGUOUS_PRINCIPAL); list "
                            + attribute.name() + " before " + earlier.name()));
                    break;
                }
            }
            list.add(attribute);
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
            Predicate<Object> eq = literals.equality(attribute, lit, false);
            return new Condition.Test(attribute, op.text(), quote(lit.text()), eq, op.is(Token.Kind.NE));
        }
        if (op.isWord("in")) {
            return in(attribute, op);
        }
        if (op.isWord("matches")) {
            Token lit = string(op);
            literals.requireText(attribute, op);
            return new Condition.Test(attribute, "matches", quote(lit.text()), literals.glob(attribute, lit), false);
        }
        if (op.is(Token.Kind.TILDE)) {
            Token lit = string(op);
            literals.requireText(attribute, op);
            return new Condition.Test(attribute, "~", quote(lit.text()), literals.regex(attribute, lit), false);
        }
        throw error(op, "expected '=', '!=', 'in', 'matches' or '~' after '" + attribute.name() + "', found " + op.describe());
    }

    private Condition in(AttributeRef attribute, Token op) {
        if (peek().is(Token.Kind.STRING)) {
            Token lit = next();
            if (attribute.type() != ValueType.IP) {
                throw error(lit, "expected '(' after 'in' (a single string after 'in' is a CIDR block, for san.ip only)");
            }
            IpRange range = literals.range(lit);
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
                IpRange range = literals.range(lit);
                alternatives.add(v -> range != null && range.contains((IpAddress) v));
            } else {
                alternatives.add(literals.equality(attribute, lit, true));
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
