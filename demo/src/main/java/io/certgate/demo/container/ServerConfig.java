package io.certgate.demo.container;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the demo's container serves: one HTTPS connector on {@code 127.0.0.1} that requires a client certificate
 * trusted by the trust store, and the WAR at the root context.
 *
 * @param war        the web application archive, deployed unchanged
 * @param keyStore   the server's PKCS#12 key store
 * @param trustStore the PKCS#12 trust store of client certificate anchors
 * @param password   the password of both stores
 * @param port       the HTTPS port, 0 for a free one
 * @param workDir    a folder the container may use for its files (unpacked WAR, temporary files)
 */
public record ServerConfig(Path war, Path keyStore, Path trustStore, String password, int port, Path workDir) {
    public ServerConfig {
        Objects.requireNonNull(war, "war");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(workDir, "workDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: [" + port + "]");
        }
    }
}
