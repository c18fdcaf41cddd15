package io.certgate.core.path;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;

/**
 * Checks certificate signatures: the one step of a first-seen path that costs real time. Stateless.
 *
 * <p>ECDSA signatures are checked with BouncyCastle's implementation, which on Java 17 verifies a P-256 signature in
 * about a third of the time of the JDK's own provider (the verification is the same; only the arithmetic is
 * faster). Every other key goes to the JDK's providers. The provider is held here and never registered with
 * {@link java.security.Security}, so certgate changes nothing for the rest of the JVM.
 */
public final class Signatures {
    private Signatures() {
    }

    /** Whether {@code cert}'s signature verifies with {@code key}; never throws for bad input. */
    public static boolean verifies(X509Certificate cert, PublicKey key) {
        try {
            if (key instanceof ECPublicKey) {
                cert.verify(key, Bc.PROVIDER);
            } else {
                cert.verify(key);
            }
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Loaded on first use: the provider's set-up takes a moment and is not needed without EC keys. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
