package io.certgate.core.rules;

import io.certgate.core.identity.AttributeValue;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.identity.KeyPurposes;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every attribute of an identity that rules can address, under the name a rule uses, for {@code explain}. */
public final class AttributeListing {
    private AttributeListing() {
    }

    /**
     * Attribute name to display values, in a stable order; absent attributes are left out. Values that are
     * not usable for matching are not listed (see {@link ClientIdentity#problems()}).
     */
    public static Map<String, List<String>> of(ClientIdentity id) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        name(out, "subject", id.subject());
        name(out, "issuer", id.issuer());
        put(out, "san.dns", id.subjectAltNames().dns());
        put(out, "san.ip", id.subjectAltNames().ip().stream().map(Object::toString).toList());
        put(out, "san.email", id.subjectAltNames().email());
        put(out, "san.uri", id.subjectAltNames().uri());
        put(out, "san.upn", id.subjectAltNames().upn());
        id.subjectAltNames().otherNames().forEach((oid, values) -> put(out, "san.other." + oid, values));
        put(out, "san.dirname", id.subjectAltNames().directoryNames().stream().map(Object::toString).toList());
        put(out, "san.rid", id.subjectAltNames().registeredIds());
        id.spiffeId().ifPresent(s -> {
            put(out, "spiffe-id", List.of(s.toString()));
            put(out, "spiffe-id.trust-domain", List.of(s.trustDomain()));
            if (!s.path().isEmpty()) {
                put(out, "spiffe-id.path", List.of(s.path()));
            }
        });
        put(out, "serial", List.of(id.serialHex()));
        put(out, "fingerprint", List.of(id.fingerprintHex()));
        put(out, "spki", List.of(id.spkiPin()));
        put(out, "eku", id.extendedKeyUsages().stream().map(AttributeListing::withName).toList());
        put(out, "policy", id.policies().stream().map(AttributeListing::withName).toList());
        id.path().issuerSpkiSha256().ifPresent(b -> put(out, "issuer.spki", List.of(Base64.getEncoder().encodeToString(b))));
        id.path().issuerFingerprint().ifPresent(b -> put(out, "issuer.fingerprint", List.of(HexFormat.of().formatHex(b))));
        id.path().anchorSubject().ifPresent(dn -> put(out, "anchor", List.of(dn.toString())));
        id.path().anchorSpkiSha256().ifPresent(b -> put(out, "anchor.spki", List.of(Base64.getEncoder().encodeToString(b))));
        id.path().anchorFingerprint().ifPresent(b -> put(out, "anchor.fingerprint", List.of(HexFormat.of().formatHex(b))));
        return out;
    }

    private static String withName(String oid) {
        return KeyPurposes.name(oid).map(n -> oid + " (" + n + ")").orElse(oid);
    }

    private static void name(Map<String, List<String>> out, String prefix, DistinguishedName dn) {
        if (dn.rdns().isEmpty()) {
            return; // an empty name is absent for the rules
        }
        out.put(prefix, List.of(dn.toString()));
        Map<String, List<String>> parts = new LinkedHashMap<>();
        for (int i = dn.rdns().size() - 1; i >= 0; i--) {
            for (AttributeValue v : dn.rdns().get(i)) {
                if (v.text().isPresent()) {
                    parts.computeIfAbsent(prefix + "." + v.typeName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(v.text().get());
                }
            }
        }
        out.putAll(parts);
    }

    private static void put(Map<String, List<String>> out, String key, List<String> values) {
        if (!values.isEmpty()) {
            out.put(key, List.copyOf(values));
        }
    }
}
