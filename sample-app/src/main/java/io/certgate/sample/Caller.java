package io.certgate.sample;

import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the container tells the application about the client of one request, read through standard Servlet API
 * calls and request attributes only: the principal, the authentication type, the client certificate
 * ({@code jakarta.servlet.request.X509Certificate}) and the decision attributes certgate's adapters set
 * ({@code io.certgate.*}, plain strings and lists). No certgate class is needed.
 *
 * @param principal  the user principal's name, or null
 * @param authType   the authentication type, {@code CLIENT_CERT} for certificate logins, or null
 * @param roles      the roles certgate granted, in rule order
 * @param outcome    {@code authenticated} or {@code denied} as certgate decided, or null when it did not decide
 * @param revocation the revocation status of the decision, such as {@code GOOD ocsp}, or null
 * @param subject    the client certificate's subject in RFC 2253 form, or null without a certificate
 * @param issuer     the client certificate's issuer in RFC 2253 form, or null
 * @param serial     the client certificate's serial number in hex, or null
 * @param sans       the subject alternative names as {@code type:value}, such as {@code email:ada@example.org}
 */
record Caller(String principal, String authType, List<String> roles, String outcome, String revocation,
              String subject, String issuer, String serial, List<String> sans) {
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    static final String ROLES = "io.certgate.roles";
    static final String OUTCOME = "io.certgate.outcome";
    static final String REVOCATION = "io.certgate.revocation";

    static Caller of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        X509Certificate leaf = request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0
                ? chain[0] : null;
        return new Caller(principal == null ? null : principal.getName(), request.getAuthType(),
                strings(request.getAttribute(ROLES)), text(request.getAttribute(OUTCOME)),
                text(request.getAttribute(REVOCATION)),
                leaf == null ? null : leaf.getSubjectX500Principal().getName(),
                leaf == null ? null : leaf.getIssuerX500Principal().getName(),
                leaf == null ? null : leaf.getSerialNumber().toString(16),
                leaf == null ? List.of() : subjectAltNames(leaf));
    }

    /** The caller as one JSON object. */
    String json() {
        return new Json()
                .field("principal", principal)
                .field("authType", authType)
                .field("roles", roles)
                .field("outcome", outcome)
                .field("revocation", revocation)
                .field("subject", subject)
                .field("issuer", issuer)
                .field("serial", serial)
                .field("subjectAltNames", sans)
                .toString();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            values.forEach(v -> out.add(String.valueOf(v)));
        }
        return List.copyOf(out);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** SAN entries as {@code type:value}; entries the JDK hands over as DER (otherName, …) by type only. */
    private static List<String> subjectAltNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (List<?> name : names) {
                Object value = name.get(1);
                out.add(type((Integer) name.get(0)) + ":" + (value instanceof String s ? s : "(binary)"));
            }
            return List.copyOf(out);
        } catch (CertificateParsingException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    private static String type(int tag) {
        return switch (tag) {
            case 0 -> "otherName";
            case 1 -> "email";
            case 2 -> "DNS";
            case 4 -> "dirName";
            case 6 -> "URI";
            case 7 -> "IP";
            case 8 -> "RID";
            default -> "type" + tag;
        };
    }
}
