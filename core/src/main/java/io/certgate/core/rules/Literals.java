package io.certgate.core.rules;

import io.certgate.core.identity.AttributeValue;
import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.identity.IpAddress;
import io.certgate.core.identity.IpRange;
import io.certgate.core.identity.KeyPurposes;
import io.certgate.core.identity.NameSyntaxException;
import io.certgate.core.identity.ObjectIdentifiers;
import io.certgate.core.identity.SpiffeId;
import io.certgate.core.identity.StringPrep;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The literals of a rules file's tests, checked against the attribute they are compared with and compiled to
 * predicates. A literal that can never match a value of its attribute is reported as an error with the column of
 * the offending character, never accepted as a silent {@code false}.
 */
final class Literals {
    private final String file;
    private final List<RulesError> errors;

    Literals(String file, List<RulesError> errors) {
        this.file = file;
        this.errors = errors;
    }

    void requireText(AttributeRef attribute, Token op) {
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
    Predicate<Object> equality(AttributeRef attribute, Token lit, boolean inList) {
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
                if (oid.isPresent() && !ObjectIdentifiers.arcsFit(oid.get())) {
                    report(lit, 0, "value can never match: an arc of this OID has more than "
                            + 7 * ObjectIdentifiers.MAX_ARC_BYTES + " bits, and certgate does not read such OIDs");
                    return null;
                }
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

    Predicate<Object> glob(AttributeRef attribute, Token lit) {
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

    Condition.ValueMatcher regex(AttributeRef attribute, Token lit) {
        if (attribute.type() == ValueType.OID && !lit.text().matches("[0-9.]+") && KeyPurposes.oid(lit.text()).isPresent()) {
            report(lit, 0, "value can never match: " + attribute.name() + " values are dotted OIDs; write "
                    + attribute.name() + " = \"" + lit.text() + "\" to test for " + lit.text());
            return (v, budget) -> Truth.FALSE;
        }
        try {
            BoundedRegex p = new BoundedRegex(Pattern.compile(lit.text()), file + ":" + lit.line() + ":" + lit.column());
            return (v, budget) -> p.matches(((Value) v).raw(), budget);
        } catch (PatternSyntaxException e) {
            String why = lit.text().endsWith("\\") && (lit.text().length() - lit.text().replaceAll("\\\\+$", "").length()) % 2 == 1
                    ? "a backslash at the end escapes nothing (write \\\\\\\\ in the rules file for a literal backslash)"
                    : e.getDescription();
            report(lit, Math.max(0, e.getIndex()), "invalid regular expression: " + why);
            return (v, budget) -> Truth.FALSE;
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

    IpRange range(Token lit) {
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
            if (c != ':' && c != ' ' && !isHexDigit(c)) {
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
        return s.chars().allMatch(c -> isHexDigit((char) c));
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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

    /** Records an error inside a string literal, at the column of its {@code offset}-th character. */
    private void report(Token lit, int offset, String message) {
        errors.add(new RulesError(file, lit.line(), lit.columnOf(offset), message));
    }
}
