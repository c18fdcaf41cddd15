package io.certgate.core.revocation;

import java.util.StringJoiner;

/**
 * CRLReason codes (RFC 5280 §5.3.1) and ReasonFlags bit masks (§4.2.1.13), with their RFC names.
 */
final class CrlReason {
    /** No reasonCode extension on the entry; reported as {@code unspecified}. */
    static final int ABSENT = -1;
    static final int UNSPECIFIED = 0;
    static final int KEY_COMPROMISE = 1;
    static final int CA_COMPROMISE = 2;
    static final int CERTIFICATE_HOLD = 6;
    static final int REMOVE_FROM_CRL = 8;

    /**
     * Every ReasonFlags bit, {@code unused} (bit 0) included, as OpenSSL and Bouncy Castle count "all-reasons"
     * (RFC 5280 §6.3.3); partitioned CRLs must together cover all nine.
     */
    static final int ALL_REASONS = 0x1ff;

    private static final String[] CODE_NAMES = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", null, "removeFromCRL", "privilegeWithdrawn", "aACompromise"
    };

    private static final String[] FLAG_NAMES = {
        "unused", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation",
        "certificateHold", "privilegeWithdrawn", "aACompromise"
    };

    private CrlReason() {
    }

    /** Whether {@code code} is a defined CRLReason (0–6, 8–10). */
    static boolean isDefined(int code) {
        return code >= 0 && code < CODE_NAMES.length && CODE_NAMES[code] != null;
    }

    /** The RFC name of a reason code, {@code unspecified} for an absent one. */
    static String name(int code) {
        return code == ABSENT ? "unspecified" : CODE_NAMES[code];
    }

    /** ReasonFlags bits as {@code {keyCompromise, cACompromise}}. */
    static String flags(int mask) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(FLAG_NAMES[i]);
            }
        }
        return out.toString();
    }
}
