package io.certgate.tomcat;

import io.certgate.core.config.ReloadingGate;
import org.apache.catalina.Context;

/**
 * Load-run access to the gate {@link CertGateRealm} keeps for a web application, for the run's checks of cache size,
 * reload state and decision statistics (the realm publishes none). It lives in the benchmarks module under the
 * adapter's package so that it can see it; the shaded benchmarks jar holds both.
 */
public final class TomcatGateAccess {
    private TomcatGateAccess() {
    }

    /**
     * The gate of a started web application.
     *
     * @throws IllegalStateException when the realm serves no such application
     */
    public static ReloadingGate of(CertGateRealm realm, Context context) {
        return realm.gate(context).orElseThrow(() -> new IllegalStateException("no certgate gate for " + context.getName()));
    }
}
