package io.certgate.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The audit record of one decision. {@link #toString()} is the logfmt line written to the
 * {@code io.certgate.audit} logger; values are quoted and escaped, so no certificate field can forge a
 * second record or a log line.
 *
 * <p>Every text field is capped, so a certificate cannot make a record large: a value whose written form (escapes
 * included) is longer than {@value #MAX_FIELD_CHARS} characters keeps the first characters that fit and ends with
 * {@code …(sha256=HEX)}, the SHA-256 of the whole value's UTF-8 encoding in lower-case hex. The components hold the
 * capped values, so audit listeners see what the log shows.
 *
 * @param time         when the decision was made
 * @param outcome      {@code authenticated} or {@code denied}
 * @param reason       the stable denial code ({@code null} when authenticated)
 * @param message      why, in words
 * @param principal    the principal name, or null
 * @param roles        the roles granted
 * @param matchedLines the lines of the matching rules
 * @param rules        the rules file
 * @param subject      the subject DN in RFC 4514 form, or null
 * @param issuer       the issuer DN in RFC 4514 form, or null
 * @param serial       the serial number in hex, or null
 * @param fingerprint  the SHA-256 fingerprint in hex, or null
 * @param revocation   the revocation verdict ({@code GOOD}, {@code REVOKED}, {@code UNKNOWN}), or null when not checked
 */
public record AuditRecord(Instant time, String outcome, String reason, String message, String principal,
                          List<String> roles, List<Integer> matchedLines, String rules, String subject,
                          String issuer, String serial, String fingerprint, String revocation) {
    /** The most characters of one field's value written in a record, escapes included, before the cap's suffix. */
    public static final int MAX_FIELD_CHARS = 1024;

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
        outcome = capped(outcome);
        reason = capped(reason);
        message = capped(message);
        principal = capped(principal);
        roles = roles.stream().map(AuditRecord::capped).toList();
        matchedLines = List.copyOf(matchedLines);
        rules = capped(rules);
        subject = capped(subject);
        issuer = capped(issuer);
        serial = capped(serial);
        fingerprint = capped(fingerprint);
        revocation = capped(revocation);
    }

    /**
     * The value itself when its written form has at most {@link #MAX_FIELD_CHARS} characters; otherwise its longest
     * prefix that does, then {@code …(sha256=HEX)} of the whole value.
     */
    static String capped(String value) {
        if (value == null || value.length() <= MAX_FIELD_CHARS / 6) {
            return value; // even if every character were written as an escape of six
        }
        int written = 0;
        int end = 0;
        while (end < value.length()) {
            int cp = value.codePointAt(end);
            int width = cp == '"' || cp == '\\' ? 2 : invisible(cp) ? 6 * Character.charCount(cp) : Character.charCount(cp);
            if (written + width > MAX_FIELD_CHARS) {
                return value.substring(0, end) + "\u2026(sha256=" + sha256Hex(value) + ")";
            }
            written += width;
            end += Character.charCount(cp);
        }
        return value;
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("outcome=").append(outcome);
        if (reason != null) {
            sb.append(" reason=").append(reason);
        }
        field(sb, "principal", principal);
        StringJoiner r = new StringJoiner(",");
        roles.forEach(r::add);
        field(sb, "roles", r.toString());
        StringJoiner l = new StringJoiner(",");
        matchedLines.forEach(n -> l.add(Integer.toString(n)));
        sb.append(" rules_matched=").append(l.length() == 0 ? "none" : l.toString());
        field(sb, "subject", subject);
        field(sb, "issuer", issuer);
        if (serial != null) {
            sb.append(" serial=").append(serial);
        }
        if (fingerprint != null) {
            sb.append(" sha256=").append(fingerprint);
        }
        if (revocation != null) {
            sb.append(" revocation=").append(revocation);
        }
        field(sb, "rules", rules);
        field(sb, "message", message);
        return sb.toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        if (value == null) {
            return;
        }
        sb.append(' ').append(key).append("=\"");
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '"' || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (invisible(cp)) {
                for (char c : Character.toChars(cp)) {
                    sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            } else {
                sb.appendCodePoint(cp);
            }
        }
        sb.append('"');
    }

    /**
     * Characters a log viewer would not show as themselves, written as {@code \\uXXXX}: controls, line and paragraph
     * separators, format characters (bidi overrides, zero-width spaces and joiners) and lone surrogates.
     */
    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT || type == Character.SURROGATE;
    }
}
