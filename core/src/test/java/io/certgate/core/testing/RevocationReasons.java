package io.certgate.core.testing;

import java.util.Locale;

/**
 * CRLReason names and codes (RFC 5280 §5.3.1) for the test responders and CRLs, so that every test names a
 * reason the way certgate reports it ({@code keyCompromise}, {@code cACompromise}, …).
 */
final class RevocationReasons {
    private static final String[] NAMES = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", null, "removeFromCRL", "privilegeWithdrawn", "aACompromise"
    };

    private RevocationReasons() {
    }

    /**
     * The code of a reason name, compared without case (so OpenSSL's {@code CACompromise} is accepted too).
     *
     * @throws IllegalArgumentException for a name RFC 5280 does not define
     */
    static int code(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i] != null && NAMES[i].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an RFC 5280 CRLReason name: [" + name + "]; expected one of "
                + String.join(", ", java.util.Arrays.stream(NAMES).filter(n -> n != null).toList()));
    }
}
