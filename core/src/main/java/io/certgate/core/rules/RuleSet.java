package io.certgate.core.rules;

import io.certgate.core.config.Setting;
import io.certgate.core.identity.ClientIdentity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A compiled rules file: the {@code principal} setting and the {@code role … when …} rules that map a
 * {@link ClientIdentity} to a principal name and roles. Immutable and thread-safe; reloading builds a new one.
 *
 * <p>Syntax and semantics are documented in {@code docs/rules.md}. Every error of a file is reported at once
 * as a {@link RulesException}; a file with any error yields no rule set at all.
 */
public final class RuleSet {
    private final String source;
    private final List<Rule> rules;
    private final List<AttributeRef> principal;
    private final int slots;
    private final boolean usesVerifiedPath;
    private final List<Setting> settings;
    private final List<RulesError> warnings;
    private final LongAdder regexSteps = new LongAdder();

    private RuleSet(String source, List<Rule> rules, List<AttributeRef> principal, int slots, boolean usesVerifiedPath,
                    List<Setting> settings, List<RulesError> parserWarnings) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.principal = principal;
        this.slots = slots;
        this.usesVerifiedPath = usesVerifiedPath;
        this.settings = List.copyOf(settings);
        this.warnings = warnings(source, this.rules, parserWarnings);
    }

    private static List<RulesError> warnings(String source, List<Rule> rules, List<RulesError> parserWarnings) {
        List<RulesError> warnings = new ArrayList<>(parserWarnings);
        int fromParser = warnings.size();
        for (Rule rule : rules) {
            if (rule.neverMatches()) {
                warnings.add(new RulesError(source, rule.line(), 1, "role " + rule.role()
                        + " is never granted: its condition is false for every certificate"));
            }
        }
        if (rules.isEmpty()) {
            warnings.add(new RulesError(source, 0, 0, GRANTS_NO_ROLE + "it has no role rules"));
        } else if (warnings.size() - fromParser == rules.size()) {
            warnings.add(new RulesError(source, 0, 0, GRANTS_NO_ROLE + "none of its role rules can match"));
        }
        return List.copyOf(warnings);
    }

    /** The start of the warning about a file that gives no client any role. */
    static final String GRANTS_NO_ROLE = "grants no role to any client: ";

    /**
     * Parses rules text.
     *
     * @param source the name used in error messages, usually the file's path
     * @throws RulesException listing every error as {@code source:LINE:COLUMN: message}
     */
    public static RuleSet parse(String source, String text) throws RulesException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        List<RulesError> errors = new ArrayList<>();
        Parser parser = new Parser(source, errors);
        for (List<Token> statement : new Lexer(source, errors).statements(text)) {
            parser.statement(statement);
        }
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
            throw new RulesException(errors);
        }
        return new RuleSet(source, parser.rules, parser.principal, parser.slots(), parser.usesVerifiedPath(),
                parser.settings, parser.warnings);
    }

    /**
     * Parses the UTF-8 bytes of rules.
     *
     * @throws RulesException when the bytes are not UTF-8 or the rules have errors
     */
    public static RuleSet parse(String source, byte[] utf8) throws RulesException {
        return parse(source, decodeUtf8(source, utf8));
    }

    /**
     * Reads and parses a UTF-8 rules file.
     *
     * @throws RulesException when the file cannot be read, is not UTF-8, or has errors
     */
    public static RuleSet load(Path file) throws RulesException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = RulesFile.read(file);
        } catch (IOException e) {
            throw RulesException.unreadable(name, e);
        }
        return parse(name, bytes);
    }

    private static String decodeUtf8(String name, byte[] bytes) throws RulesException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xc0) != 0x80) {
                    column++;
                }
            }
            throw new RulesException(List.of(new RulesError(name, line, column,
                    String.format("the file is not valid UTF-8 (byte 0x%02x)", bytes[bad] & 0xff))));
        }
        return out.flip().toString();
    }

    /** Where the rules came from, as given to {@link #parse} or {@link #load}. */
    public String source() {
        return source;
    }

    /** The settings the file gives, in file order, each already checked. */
    public List<Setting> settings() {
        return settings;
    }

    /**
     * What is valid but probably not meant, in the {@code FILE:LINE:COLUMN: message} form of errors: a rule that
     * can never match, a file that grants no role to any client (every client is then authenticated without
     * roles). The file is loaded all the same; the containers log these at WARNING.
     */
    public List<RulesError> warnings() {
        return warnings;
    }

    /** The rules in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Whether a rule or the principal reads an attribute of the verified path ({@code issuer.spki},
     * {@code issuer.fingerprint}, {@code anchor}, {@code anchor.spki}, {@code anchor.fingerprint}), so that deciding
     * needs the path even without revocation checking.
     */
    public boolean usesVerifiedPath() {
        return usesVerifiedPath;
    }

    /** The attributes tried in order for the principal name; empty means the subject DN. */
    public List<String> principalAttributes() {
        return principal == null ? List.of() : principal.stream().map(AttributeRef::name).toList();
    }

    /**
     * The steps (characters read by the regular-expression engine) that the {@code ~} tests of all evaluations of
     * this rule set have taken so far: what regular expressions cost, as a count. One evaluation takes at most
     * {@value RegexBudget#STEPS_PER_DECISION}, whatever the certificate.
     */
    public long regexSteps() {
        return regexSteps.sum();
    }

    /**
     * Evaluates every rule against the identity.
     *
     * @throws RegexLimitException when the {@code ~} tests use up the steps one evaluation may take; the identity
     *                             is then refused, whatever the rules say
     */
    public Evaluation evaluate(ClientIdentity identity) {
        return evaluate(identity, false);
    }

    /** Evaluates every rule and records the outcome of each test, for {@code explain}. */
    public Evaluation explain(ClientIdentity identity) {
        return evaluate(identity, true);
    }

    private Evaluation evaluate(ClientIdentity identity, boolean trace) {
        Facts facts = new Facts(identity, slots);
        Set<String> roles = new LinkedHashSet<>();
        List<RuleOutcome> outcomes = new ArrayList<>(rules.size());
        try {
            for (Rule rule : rules) {
                List<TestOutcome> tests = trace ? new ArrayList<>() : List.of();
                boolean matched = rule.test(facts, trace ? tests : null);
                if (matched) {
                    roles.add(rule.role());
                }
                outcomes.add(new RuleOutcome(rule.line(), rule.role(), matched, tests));
            }
        } finally {
            regexSteps.add(facts.regexBudget().spent());
        }
        Principals.Choice principal = this.principal == null ? subjectPrincipal(identity)
                : Principals.choose(this.principal, facts);
        return new Evaluation(principal.name(), principal.attribute(), principal.refusal(), roles, outcomes,
                facts.gaveUp());
    }

    /** Without a {@code principal} setting: the subject DN, which an empty subject does not have. */
    private static Principals.Choice subjectPrincipal(ClientIdentity identity) {
        return identity.subject().rdns().isEmpty()
                ? new Principals.Choice(null, null, new PrincipalRefusal(PrincipalRefusal.Cause.ABSENT,
                        "the certificate's subject is empty and no principal setting names another attribute"))
                : new Principals.Choice(identity.subject().toString(), "subject", null);
    }
}
