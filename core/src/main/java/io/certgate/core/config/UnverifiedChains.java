package io.certgate.core.config;

import java.util.List;
import java.util.Optional;

/**
 * Whether a web application may start behind connectors that hand over client certificate chains nobody verified:
 * Tomcat's {@code certificateVerification="optional_no_ca"} and Jetty's {@code SslContextFactory} with
 * {@code trustAll}. certgate decides on the leaf of the chain the container passes on and trusts that the container
 * verified it; through such a connector any client could present a self-signed certificate with any name. So the
 * adapters refuse to start such a web application, unless certgate validates chains itself
 * ({@link ReloadingGate#validatesChainsItself()}). The adapters find the connectors; the decision and its words are
 * here, the same for every container. Stateless.
 */
public final class UnverifiedChains {
    private UnverifiedChains() {
    }

    /**
     * Why {@code application} must not start, or empty when it may.
     *
     * @param application     the web application's name, for the message
     * @param connectors      the connectors that pass on client chains they did not verify, each described with the
     *                        container setting that makes it so
     * @param validatesItself whether certgate validates chains itself for this application
     */
    public static Optional<String> problem(String application, List<String> connectors, boolean validatesItself) {
        if (connectors.isEmpty() || validatesItself) {
            return Optional.empty();
        }
        return Optional.of("client certificates reach " + application + " unverified through "
                + String.join(", ", connectors) + ", so any client could present a self-signed certificate with any "
                + "name. Let the connector verify client certificates against a trust store (Tomcat: "
                + "certificateVerification=\"required\" or \"optional\"; Jetty: no trustAll), or set " + SettingKey.TRUST_ANCHORS.key()
                + " so that certgate validates the chains itself");
    }
}
