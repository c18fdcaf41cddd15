package io.certgate.jetty;

import io.certgate.core.config.ReloadingGate;
import org.eclipse.jetty.security.Authenticator;

/**
 * Load-run access to the gate behind Jetty's certgate authenticator, for the run's checks of cache size, reload
 * state and decision statistics (the adapter publishes none). It lives in the benchmarks module under the adapter's
 * package so that it can see it; the shaded benchmarks jar holds both.
 */
public final class JettyGateAccess {
    private JettyGateAccess() {
    }

    /**
     * The gate of a security handler's authenticator.
     *
     * @throws IllegalArgumentException when it is not certgate's
     */
    public static ReloadingGate of(Authenticator authenticator) {
        if (authenticator instanceof CertGateAuthenticator certgate) {
            return certgate.gate();
        }
        throw new IllegalArgumentException("not certgate's authenticator: " + authenticator);
    }
}
