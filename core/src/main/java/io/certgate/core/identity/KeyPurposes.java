package io.certgate.core.identity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Names for extended key usage purposes (RFC 5280 §4.2.1.12 and common vendor purposes) and policies. */
public final class KeyPurposes {
    private static final Map<String, String> OID_BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> NAME_BY_OID = new LinkedHashMap<>();

    static {
        register("1.3.6.1.5.5.7.3.1", "serverAuth");
        register("1.3.6.1.5.5.7.3.2", "clientAuth");
        register("1.3.6.1.5.5.7.3.3", "codeSigning");
        register("1.3.6.1.5.5.7.3.4", "emailProtection");
        register("1.3.6.1.5.5.7.3.5", "ipsecEndSystem");
        register("1.3.6.1.5.5.7.3.6", "ipsecTunnel");
        register("1.3.6.1.5.5.7.3.7", "ipsecUser");
        register("1.3.6.1.5.5.7.3.8", "timeStamping");
        register("1.3.6.1.5.5.7.3.9", "OCSPSigning");
        register("1.3.6.1.5.5.7.3.17", "ipsecIKE");
        register("2.5.29.37.0", "anyExtendedKeyUsage");
        register("1.3.6.1.4.1.311.20.2.2", "smartcardLogon");
        register("2.5.29.32.0", "anyPolicy");
    }

    private KeyPurposes() {
    }

    private static void register(String oid, String name) {
        OID_BY_NAME.put(name.toLowerCase(Locale.ROOT), oid);
        NAME_BY_OID.put(oid, name);
    }

    /** The OID for a purpose name (case-insensitive) or a dotted OID; empty when neither. */
    public static Optional<String> oid(String nameOrOid) {
        if (AttributeType.isDottedOid(nameOrOid)) {
            return Optional.of(nameOrOid);
        }
        return Optional.ofNullable(OID_BY_NAME.get(nameOrOid.toLowerCase(Locale.ROOT)));
    }

    /** The name of a purpose OID, if it has one. */
    public static Optional<String> name(String oid) {
        return Optional.ofNullable(NAME_BY_OID.get(oid));
    }
}
