package io.certgate.core.path;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAParams;
import java.security.interfaces.DSAPublicKey;
import java.security.spec.DSAPublicKeySpec;
import java.util.List;

/** The key that verifies what a certificate on a path signed. */
public final class SigningKeys {
    private SigningKeys() {
    }

    /**
     * The key of {@code signer} as it verifies signatures on {@code anchorFirst}: a DSA key without domain parameters
     * inherits those of the nearest DSA key above it on the path (RFC 5280 §6.1.4 (f)); every other key, and a DSA
     * key with nothing to inherit from, is the certificate's own.
     *
     * @param anchorFirst a path from its anchor (first) down, holding {@code signer}
     */
    public static PublicKey of(X509Certificate signer, List<X509Certificate> anchorFirst) {
        PublicKey key = signer.getPublicKey();
        if (!(key instanceof DSAPublicKey dsa) || dsa.getParams() != null) {
            return key;
        }
        for (int i = anchorFirst.indexOf(signer) - 1; i >= 0
                && anchorFirst.get(i).getPublicKey() instanceof DSAPublicKey above; i--) {
            DSAParams params = above.getParams();
            if (params != null) {
                try {
                    return KeyFactory.getInstance("DSA").generatePublic(new DSAPublicKeySpec(dsa.getY(),
                            params.getP(), params.getQ(), params.getG()));
                } catch (GeneralSecurityException e) {
                    return key;
                }
            }
        }
        return key;
    }
}
