package io.certgate.core.rules;

import io.certgate.core.identity.AttributeType;
import io.certgate.core.identity.AttributeValue;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.identity.ObjectIdentifiers;
import io.certgate.core.identity.SpiffeId;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** An attribute a rule can address, e.g. {@code subject.cn} or {@code san.ip}, and how to read it. */
final class AttributeRef {
    /** Every fixed attribute name, for messages; {@code subject.<attr>} and friends come in addition. */
    static final List<String> NAMES = List.of("subject", "subject.<attr|oid>", "issuer", "issuer.<attr|oid>",
            "san.dns", "san.ip", "san.email", "san.uri", "san.upn", "san.other.<oid>", "san.dirname", "san.rid",
            "spiffe-id", "spiffe-id.trust-domain", "spiffe-id.path", "serial", "fingerprint", "spki", "eku", "policy", "issuer.spki", "issuer.fingerprint", "anchor", "anchor.spki",
            "anchor.fingerprint");

    private final String name;
    private final ValueType type;
    private final Function<ClientIdentity, List<?>> reader;
    private final int slot;

    private AttributeRef(String name, ValueType type, Function<ClientIdentity, List<?>> reader) {
        this(name, type, reader, -1);
    }

    private AttributeRef(String name, ValueType type, Function<ClientIdentity, List<?>> reader, int slot) {
        this.name = name;
        this.type = type;
        this.reader = reader;
        this.slot = slot;
    }

    /** This attribute with its index in the per-evaluation memo of a rule set. */
    AttributeRef withSlot(int slot) {
        return new AttributeRef(name, type, reader, slot);
    }

    int slot() {
        return slot;
    }

    /** Whether this attribute is read from the verified path rather than the leaf alone. */
    boolean ofVerifiedPath() {
        return switch (name) {
            case "issuer.spki", "issuer.fingerprint", "anchor", "anchor.spki", "anchor.fingerprint" -> true;
            default -> false;
        };
    }

    String name() {
        return name;
    }

    ValueType type() {
        return type;
    }

    /** The values of this attribute in the identity; empty when absent. */
    List<?> read(ClientIdentity identity) {
        return reader.apply(identity);
    }

    /**
     * How a value of this attribute is shown in {@code explain} and used as a principal name: as the identity
     * lists it (a fingerprint in hex, an SPKI pin in base64).
     */
    String display(Object value) {
        if (value instanceof Value v) {
            return v.raw();
        }
        if (value instanceof byte[] b) {
            return type == ValueType.SHA256_PIN ? Base64.getEncoder().encodeToString(b) : HexFormat.of().formatHex(b);
        }
        if (value instanceof java.math.BigInteger serial) {
            return serial.toString(16);
        }
        return String.valueOf(value);
    }

    /**
     * Resolves an attribute name as written in a rules file.
     *
     * @return empty when the name is unknown; {@link #problem(String)} explains why
     */
    static Optional<AttributeRef> resolve(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "subject":
                return Optional.of(new AttributeRef(n, ValueType.NAME, id -> nonEmpty(id.subject())));
            case "issuer":
                return Optional.of(new AttributeRef(n, ValueType.NAME, id -> nonEmpty(id.issuer())));
            case "san.dns":
                return text(n, ValueType.DNS, id -> id.subjectAltNames().dns());
            case "san.email":
                return text(n, ValueType.MAILBOX, id -> id.subjectAltNames().email());
            case "san.uri":
                return text(n, ValueType.URI, id -> id.subjectAltNames().uri());
            case "san.upn":
                return text(n, ValueType.MAILBOX, id -> id.subjectAltNames().upn());
            case "san.rid":
                return text(n, ValueType.OID, id -> id.subjectAltNames().registeredIds());
            case "san.ip":
                return Optional.of(new AttributeRef(n, ValueType.IP, id -> id.subjectAltNames().ip()));
            case "san.dirname":
                return Optional.of(new AttributeRef(n, ValueType.NAME, id -> id.subjectAltNames().directoryNames()));
            case "spiffe-id":
                return text(n, ValueType.SPIFFE, id -> id.spiffeId().map(s -> List.of(s.toString())).orElse(List.of()));
            case "spiffe-id.trust-domain":
                return text(n, ValueType.TRUST_DOMAIN, id -> id.spiffeId().map(s -> List.of(s.trustDomain())).orElse(List.of()));
            case "spiffe-id.path":
                return text(n, ValueType.SPIFFE, id -> id.spiffeId().map(SpiffeId::path)
                        .filter(p -> !p.isEmpty()).map(List::of).orElse(List.of()));
            case "serial":
                return Optional.of(new AttributeRef(n, ValueType.SERIAL, id -> List.of(id.serial())));
            case "fingerprint":
                return Optional.of(new AttributeRef(n, ValueType.SHA256_HEX, id -> List.of(id.fingerprint())));
            case "spki":
                return Optional.of(new AttributeRef(n, ValueType.SHA256_PIN, id -> List.of(id.spkiSha256())));
            case "issuer.spki":
                return Optional.of(new AttributeRef(n, ValueType.SHA256_PIN,
                        id -> id.path().issuerSpkiSha256().map(List::of).orElse(List.of())));
            case "issuer.fingerprint":
                return Optional.of(new AttributeRef(n, ValueType.SHA256_HEX,
                        id -> id.path().issuerFingerprint().map(List::of).orElse(List.of())));
            case "anchor":
                return Optional.of(new AttributeRef(n, ValueType.NAME,
                        id -> id.path().anchorSubject().map(AttributeRef::nonEmpty).orElse(List.of())));
            case "anchor.spki":
                return Optional.of(new AttributeRef(n, ValueType.SHA256_PIN,
                        id -> id.path().anchorSpkiSha256().map(List::of).orElse(List.of())));
            case "anchor.fingerprint":
                return Optional.of(new AttributeRef(n, ValueType.SHA256_HEX,
                        id -> id.path().anchorFingerprint().map(List::of).orElse(List.of())));
            case "eku":
                return text(n, ValueType.OID, ClientIdentity::extendedKeyUsages);
            case "policy":
                return text(n, ValueType.OID, ClientIdentity::policies);
            default:
                break;
        }
        if (n.startsWith("subject.") || n.startsWith("issuer.")) {
            boolean subject = n.startsWith("subject.");
            String attr = n.substring(n.indexOf('.') + 1);
            return AttributeType.oid(attr).map(oid -> new AttributeRef(n, ValueType.DIRECTORY_STRING,
                    id -> directoryValues(subject ? id.subject() : id.issuer(), oid)));
        }
        if (n.startsWith("san.other.")) {
            String oid = n.substring("san.other.".length());
            if (AttributeType.isReadableOid(oid)) {
                return text(n, ValueType.TEXT, id -> id.subjectAltNames().otherNames().getOrDefault(oid, List.of()));
            }
        }
        return Optional.empty();
    }

    private static final String OID_FORM = "(first arc 0, 1 or 2; under 0 and 1 the second at most 39; no arc over "
            + 7 * ObjectIdentifiers.MAX_ARC_BYTES + " bits)";

    /** A stand-in for a name that is not an attribute, so that parsing can go on after reporting it. */
    static AttributeRef unknown(String name) {
        return new AttributeRef(name, ValueType.TEXT, id -> List.of());
    }

    /** An empty name (no RDN) names no one: the attribute is absent. */
    private static List<?> nonEmpty(DistinguishedName name) {
        return name.rdns().isEmpty() ? List.of() : List.of(name);
    }

    /** Why {@code name} is not an attribute, with what was expected. */
    static String problem(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("subject.") || n.startsWith("issuer.")) {
            String prefix = n.substring(0, n.indexOf('.'));
            String attr = n.substring(prefix.length() + 1);
            if (!attr.isEmpty() && Character.isDigit(attr.charAt(0))) {
                return "invalid OID in '" + name + "'; expected a dotted OID such as " + prefix + ".2.5.4.3 "
                        + OID_FORM;
            }
            return "unknown name attribute '" + name + "'; expected " + prefix
                    + ".<attr> with attr one of " + String.join(", ", knownAttributeTypes()) + ", or a dotted OID";
        }
        if (n.startsWith("san.other.")) {
            return "expected a dotted OID after 'san.other.' " + OID_FORM + ", found '"
                    + name.substring("san.other.".length()) + "'";
        }
        return "unknown attribute '" + name + "'; expected one of " + String.join(", ", NAMES);
    }

    private static List<String> knownAttributeTypes() {
        List<String> out = new ArrayList<>();
        AttributeType.knownNames().forEach(out::add);
        return out;
    }

    private static Optional<AttributeRef> text(String name, ValueType type, Function<ClientIdentity, List<String>> reader) {
        return Optional.of(new AttributeRef(name, type, id -> {
            List<String> raw = reader.apply(id);
            if (raw.isEmpty()) {
                return List.of();
            }
            List<Value> out = new ArrayList<>(raw.size());
            for (String r : raw) {
                out.add(new Value(r, type.canonical(r)));
            }
            return out;
        }));
    }

    /** The values of one attribute type in RFC 4514 order (most specific RDN first), as people read DNs. */
    private static List<?> directoryValues(DistinguishedName name, String oid) {
        List<Value> out = new ArrayList<>(1);
        List<List<AttributeValue>> rdns = name.rdns();
        for (int i = rdns.size() - 1; i >= 0; i--) {
            for (AttributeValue v : rdns.get(i)) {
                if (v.type().equals(oid) && v.text().isPresent()) {
                    out.add(new Value(v.text().get(), v.prepared().orElseThrow()));
                }
            }
        }
        return out;
    }
}
