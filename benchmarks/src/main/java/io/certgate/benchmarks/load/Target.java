package io.certgate.benchmarks.load;

import io.certgate.core.config.ReloadingGate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A started container with certgate that serves {@link EchoServlet} on {@code /*}, which needs role {@code user}, over
 * TLS on 127.0.0.1 with a required client certificate.
 */
interface Target extends AutoCloseable {
    /** Starts a container of one kind. */
    @FunctionalInterface
    interface Starter {
        /**
         * @param pki   the server's certificate and the clients' root
         * @param rules the web application's rules file ({@code certgate.rules})
         * @param clock the clock certgate decides by
         */
        Target start(LoadPki pki, Path rules, Clock clock) throws Exception;
    }

    int port();

    /** The gate certgate decides the web application's requests by. */
    ReloadingGate gate();

    @Override
    void close() throws IOException;
}
