package io.certgate.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a loopback port chosen by the system that serves CRLs at paths the test chooses, as a CA's
 * CRL distribution point does.
 *
 * <pre>{@code
 * try (TestCrlServer crls = TestCrlServer.start()) {
 *     crls.publish("/ca.crl", TestCrl.builder(ca).build().der());
 *     TestCertificate leaf = TestCertificate.builder().crlDistributionPoint(crls.uri("/ca.crl").toString())
 *         .signedBy(ca).build();
 * }
 * }</pre>
 *
 * <p>Published CRLs are served with {@code Content-Type: application/pkix-crl}; {@link #redirect redirected}
 * paths answer 302; other paths answer 404. Every
 * request is counted by path, whatever the mode. In {@link Mode#HANG} a request waits without an answer until
 * the mode changes or the server is closed. Thread-safe; {@link #close()} releases hung requests and frees the
 * port.
 */
public final class TestCrlServer implements AutoCloseable {
    /** How the server answers. */
    public enum Mode {
        /** Serves published CRLs; 404 for other paths. */
        NORMAL,
        /** Answers every request with HTTP 500. */
        HTTP_500,
        /** Accepts the request and never answers, until the mode changes or the server closes. */
        HANG
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, byte[]> crls = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private Mode mode = Mode.NORMAL;
    private boolean closed;

    private TestCrlServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Starts a server on 127.0.0.1 at a free port. */
    public static TestCrlServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-crl-server");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(pool);
            TestCrlServer crlServer = new TestCrlServer(server, pool);
            server.createContext("/", crlServer::handle);
            server.start();
            return crlServer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test CRL server", e);
        }
    }

    /**
     * Serves {@code der} at {@code path} from now on, replacing what was there.
     *
     * @param path an absolute path such as {@code /ca.crl}
     */
    public TestCrlServer publish(String path, byte[] der) {
        crls.put(checked(path), der.clone());
        return this;
    }

    /**
     * Answers requests for {@code path} from now on with {@code 302 Found} and {@code Location: location}, as a
     * moved distribution point does (a location equal to the path makes a loop).
     */
    public TestCrlServer redirect(String path, String location) {
        redirects.put(checked(path), Objects.requireNonNull(location, "location"));
        return this;
    }

    /** Sets how the server answers from now on; hung requests resume under the new mode. */
    public synchronized TestCrlServer mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        notifyAll();
        return this;
    }

    /** The URL of {@code path} on this server, e.g. {@code http://127.0.0.1:40123/ca.crl}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + checked(path));
    }

    /** How many requests for {@code path} arrived so far. */
    public int requests(String path) {
        AtomicInteger n = counts.get(checked(path));
        return n == null ? 0 : n.get();
    }

    /** Stops the server at once; the port then refuses connections. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            Mode current = awaitAnswerableMode();
            if (current == null) {
                return; // closed while hanging: drop the connection
            }
            if (current == Mode.HTTP_500) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            String location = redirects.get(path);
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            byte[] crl = crls.get(path);
            if (crl == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, crl.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(crl);
            }
        } finally {
            exchange.close();
        }
    }

    /** The mode to answer in, waiting while it is HANG; null when the server closed meanwhile. */
    private synchronized Mode awaitAnswerableMode() {
        while (mode == Mode.HANG && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return closed ? null : mode;
    }

    private static String checked(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a CRL path must start with '/': [" + path + "]");
        }
        return path;
    }
}
