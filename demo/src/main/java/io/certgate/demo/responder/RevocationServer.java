package io.certgate.demo.responder;

import com.sun.net.httpserver.HttpServer;
import io.certgate.demo.pki.IssuedCertificate;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo's revocation infrastructure on one local HTTP port: an OCSP responder at {@value #OCSP_PATH} and the
 * CRL at {@value #CRL_PATH}, both for one CA. It binds first ({@link #bind}), so that the CA's certificates
 * can name its URLs, and serves once the CA exists ({@link #start}).
 *
 * <pre>{@code
 * try (RevocationServer server = RevocationServer.bind(0)) {
 *     DemoPki pki = DemoPki.create(server.ocspUri(), server.crlUri());
 *     server.start(pki.issuing(), revocations);
 * }
 * }</pre>
 */
public final class RevocationServer implements AutoCloseable {
    static final String OCSP_PATH = "/ocsp";
    static final String CRL_PATH = "/crl/issuing-ca.crl";

    private final HttpServer server;
    private final ExecutorService pool;

    private RevocationServer(HttpServer server) {
        this.server = server;
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "demo-revocation-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
    }

    /**
     * Binds 127.0.0.1 at {@code port}, or at a free port when it is 0; nothing is served yet.
     *
     * @throws BindException when the port is in use
     */
    public static RevocationServer bind(int port) throws IOException {
        return new RevocationServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16));
    }

    /** Starts answering for the certificates of {@code issuer}, with the statuses {@code revocations} holds. */
    public RevocationServer start(IssuedCertificate issuer, Revocations revocations) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(revocations, "revocations");
        server.createContext(OCSP_PATH, new OcspResponder(issuer, revocations, OCSP_PATH));
        server.createContext(CRL_PATH, new CrlPublisher(issuer, revocations));
        server.start();
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The OCSP responder's URL, for the authorityInfoAccess of certificates. */
    public URI ocspUri() {
        return URI.create("http://127.0.0.1:" + port() + OCSP_PATH);
    }

    /** The CRL's URL, for the cRLDistributionPoints of certificates. */
    public URI crlUri() {
        return URI.create("http://127.0.0.1:" + port() + CRL_PATH);
    }

    /** Stops serving at once and frees the port. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
