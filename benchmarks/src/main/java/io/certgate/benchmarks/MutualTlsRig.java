package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Jetty and Tomcat load benchmarks share, so that both containers serve the same thing to the same
 * clients and are held to the same checks: the test PKIs, certgate's rules, the servlet, the client (one kept-alive
 * connection per benchmark thread, or a new connection with a full handshake per request), and the setup checks
 * without which a comparison would be void (the client really gets 200 with the role, another is really refused,
 * connections are really kept or really new, the OCSP responders are really asked).
 */
final class MutualTlsRig {
    /** The role every request needs. */
    static final String ROLE = "user";
    /** The common name the rules give {@link #ROLE}. */
    static final String AUTHORIZED = "alice";
    private static final String ROOT = "CN=Bench Root CA";
    private static final String ISSUING = "CN=Bench Issuing CA";

    private MutualTlsRig() {
    }

    /**
     * Answers the authenticated user's name. For the query {@code ?check} it also says whether the user has
     * {@link #ROLE} and from which client port the request came (a kept-alive connection keeps its port); the
     * benchmarks' own requests have no query and skip that.
     */
    public static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            String check = "check".equals(request.getQueryString())
                    ? " " + ROLE + "=" + request.isUserInRole(ROLE) + " port=" + request.getRemotePort() : "";
            response.getWriter().write("hello " + request.getRemoteUser() + check);
        }
    }

    /**
     * A test PKI: a root (the servers' trust anchor), the CA that issues the clients, the benchmark's client
     * {@code CN=alice, O=bench}, another client that must be refused, and the OCSP responders, if any.
     */
    record Pki(TestCertificate root, TestCertificate issuer, TestCertificate client, TestCertificate refused,
               List<TestOcspResponder> responders) implements AutoCloseable {

        /** The root issues the clients directly; no revocation sources. The refused client is {@code CN=mallory}. */
        static Pki direct() {
            TestCertificate root = TestCertificate.builder().subject(ROOT).ca(1).build();
            return new Pki(root, root, client(root, AUTHORIZED, null), client(root, "mallory", null), List.of());
        }

        /**
         * Root, issuing CA, clients, as public CAs and most enterprises issue them, with revocation checked at both
         * levels: the root's responder answers for the issuing CA, the issuing CA's for the clients, each after
         * {@code latency}. The client is good; the refused one has the same subject and is revoked.
         */
        static Pki withOcsp(Duration latency) {
            TestCertificate root = TestCertificate.builder().subject(ROOT).ca(1).build();
            TestOcspResponder rootResponder = TestOcspResponder.start(root, Clock.systemUTC()).latency(latency);
            TestCertificate issuing = TestCertificate.builder().subject(ISSUING).ca(0)
                    .ocspResponder(rootResponder.uri().toString()).signedBy(root).build();
            rootResponder.good(issuing.certificate());
            TestOcspResponder responder = TestOcspResponder.start(issuing, Clock.systemUTC()).latency(latency);
            TestCertificate alice = client(issuing, AUTHORIZED, responder);
            TestCertificate revoked = client(issuing, AUTHORIZED, responder);
            responder.good(alice.certificate()).revoke(revoked.certificate(), Instant.now(), "keyCompromise");
            return new Pki(root, issuing, alice, revoked, List.of(responder, rootResponder));
        }

        private static TestCertificate client(TestCertificate issuer, String commonName, TestOcspResponder ocsp) {
            TestCertificate.Builder b = TestCertificate.builder().subject("CN=" + commonName + ", O=bench").clientAuth();
            if (ocsp != null) {
                b.ocspResponder(ocsp.uri().toString());
            }
            return b.signedBy(issuer).build();
        }

        /**
         * certgate's rules: the principal is the CN, {@link #ROLE} goes to {@link #AUTHORIZED} from the clients'
         * issuer. Without responders revocation is off, as the stock realms check none; with them it is
         * {@code ocsp} for the whole chain ({@code revocation.scope = chain}, as the stock PKIX checks do), and the
         * root, which clients do not send, is given in {@code revocation.issuers}.
         */
        String rules() throws IOException {
            String rules = "principal = subject.cn\nrole " + ROLE + " when subject.cn = \"" + AUTHORIZED
                    + "\" and issuer = \"" + issuer.certificate().getSubjectX500Principal().getName() + "\"\n";
            if (responders.isEmpty()) {
                return rules + "revocation.mode = off\n";
            }
            // in a folder of its own: certgate refuses certificate files in a folder every user may write
            Path folder = Files.createTempDirectory("certgate-bench-issuers");
            folder.toFile().deleteOnExit();
            Path roots = folder.resolve("issuers.pem");
            roots.toFile().deleteOnExit();
            Files.writeString(roots, root.certificatePem());
            return rules + "revocation.mode = ocsp\nrevocation.scope = chain\nrevocation.issuers = " + roots + "\n";
        }

        @Override
        public void close() {
            responders.forEach(TestOcspResponder::close);
        }
    }

    /**
     * Checks the premise of a keep-alive benchmark: over the calling thread's kept-alive connection the client is
     * let in with the role, as {@code user}, 150 times in a row from the same client port (more requests than
     * Tomcat's default {@code maxKeepAliveRequests}); and {@code refused}, a client the server must not let in, is
     * refused.
     */
    static void checkKeptAlive(String label, Client client, Client refused, String user) throws IOException {
        String expected = "hello " + user + " " + ROLE + "=true port=";
        Response first = client.keptAlive("/hello?check");
        check(first.status() == 200 && first.body().startsWith(expected),
                label + ": expected 200 '" + expected + "', got " + first);
        for (int i = 0; i < 150; i++) {
            Response r = client.keptAlive("/hello");
            check(r.status() == 200 && r.body().equals("hello " + user), label + ": expected 200, got " + r);
        }
        Response last = client.keptAlive("/hello?check");
        check(last.equals(first), label + ": expected " + first + " again, got " + last);
        check(refused.refused("/hello"), label + ": a client without the role was let in");
    }

    /**
     * Checks the premise of a new-connection benchmark with revocation on: every connection is a full handshake in
     * which the client presents its certificate; the first lets the client in with the role, as {@code user}; four
     * connections ask each responder four times (a check per handshake) or once (then a cached answer); and the
     * revoked client is refused.
     *
     * @param perHandshake whether the server asks the responders on every handshake
     */
    static void checkNewConnections(String label, Pki pki, Client client, Client revoked, String user,
                                    boolean perHandshake) throws IOException {
        long[] asked = pki.responders().stream().mapToLong(TestOcspResponder::requests).toArray();
        long presented = client.certificatesPresented();
        Response first = client.exchange("/hello?check");
        String expected = "hello " + user + " " + ROLE + "=true port=";
        check(first.status() == 200 && first.body().startsWith(expected),
                label + ": expected 200 '" + expected + "', got " + first);
        for (int i = 0; i < 3; i++) {
            Response r = client.exchange("/hello");
            check(r.status() == 200, label + ": expected 200, got " + r);
        }
        for (int i = 0; i < asked.length; i++) {
            TestOcspResponder responder = pki.responders().get(i);
            long count = responder.requests() - asked[i];
            long expectedCount = perHandshake ? 4 : 1;
            check(count == expectedCount, label + ": four connections asked the OCSP responder at " + responder.uri()
                    + " " + count + " times, expected " + expectedCount
                    + (perHandshake ? " (once per handshake)" : " (once, then the cached answer)"));
        }
        long full = client.certificatesPresented() - presented;
        check(full == 4, label + ": the client presented its certificate in " + full
                + " of 4 handshakes; were sessions resumed?");
        check(revoked.refused("/hello"), label + ": a revoked certificate was let in");
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** One HTTP answer. */
    record Response(int status, String body) {
        /** The body's length, for a benchmark to return; fails unless the status is 200. */
        int okBodyLength() {
            if (status != 200) {
                throw new IllegalStateException("status " + status);
            }
            return body.length();
        }
    }

    /**
     * A client of a server on localhost that presents one client certificate, in two ways: one kept-alive
     * connection per calling thread ({@link #keptAlive}), or a new connection with a full handshake per request
     * ({@link #exchange}). Counts the handshakes in which the server asked for the certificate and got it.
     * Thread-safe.
     */
    static final class Client implements AutoCloseable {
        private final SSLContext context;
        private final int port;
        private final AtomicLong presented = new AtomicLong();
        private final ThreadLocal<KeptAlive> connections = new ThreadLocal<>();
        private final Queue<KeptAlive> opened = new ConcurrentLinkedQueue<>();

        /** Presents {@code client}'s chain without its root and trusts {@code root}. */
        Client(TestCertificate client, TestCertificate root, int port) {
            this.port = port;
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(TestTls.keyStore(client), TestTls.PASSWORD.toCharArray());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(TestTls.trustStore(root.certificate()));
                context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[] {new CountingKeyManager((X509ExtendedKeyManager) kmf.getKeyManagers()[0])},
                        tmf.getTrustManagers(), null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * How many handshakes the server asked for the client's certificate in, and got it: full handshakes only,
         * since a resumed session carries the certificate over without asking.
         */
        long certificatesPresented() {
            return presented.get();
        }

        /**
         * One GET of {@code path} over the calling thread's own connection, opened (one handshake) on its first
         * call and kept open; fails if the server closes it.
         */
        Response keptAlive(String path) throws IOException {
            KeptAlive connection = connections.get();
            if (connection == null) {
                connection = new KeptAlive(open());
                connections.set(connection);
                opened.add(connection);
            }
            return connection.get(path);
        }

        /**
         * One full handshake and one GET of {@code path} with {@code Connection: close}, read to the end. The
         * session is invalidated afterwards, so the next connection cannot resume it.
         */
        Response exchange(String path) throws IOException {
            try (SSLSocket socket = open()) {
                OutputStream out = socket.getOutputStream();
                out.write(request(path, "Connection: close\r\n"));
                out.flush();
                byte[] response = socket.getInputStream().readAllBytes();
                socket.getSession().invalidate();
                return read(new ByteArrayInputStream(response));
            }
        }

        /** Whether the server refuses {@code path} on a new connection: 401, 403 or a failed handshake. */
        boolean refused(String path) {
            try {
                int status = exchange(path).status();
                return status == 401 || status == 403;
            } catch (IOException e) {
                return true;
            }
        }

        private SSLSocket open() throws IOException {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
            socket.setSoTimeout(30_000);
            // As HTTP clients do. With Nagle's algorithm the request, written right after the handshake's last
            // flight, waited for the server's delayed ACK: some 40 ms on every new connection.
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            return socket;
        }

        /** Closes the kept-alive connections. */
        @Override
        public void close() throws IOException {
            for (KeptAlive c; (c = opened.poll()) != null; ) {
                c.socket.close();
            }
        }

        /** Counts the client certificates chosen: one per handshake in which the server asked for one. */
        private final class CountingKeyManager extends X509ExtendedKeyManager {
            private final X509ExtendedKeyManager delegate;

            CountingKeyManager(X509ExtendedKeyManager delegate) {
                this.delegate = delegate;
            }

            private String counted(String alias) {
                if (alias != null) {
                    presented.incrementAndGet();
                }
                return alias;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return counted(delegate.chooseClientAlias(keyType, issuers, socket));
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return counted(delegate.chooseEngineClientAlias(keyType, issuers, engine));
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return delegate.getClientAliases(keyType, issuers);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return delegate.getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return delegate.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return delegate.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return delegate.getPrivateKey(alias);
            }
        }
    }

    /** One TLS connection carrying HTTP/1.1 requests one after another. */
    private static final class KeptAlive {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        KeptAlive(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Response get(String path) throws IOException {
            out.write(request(path, ""));
            out.flush();
            return read(in);
        }
    }

    private static byte[] request(String path, String headers) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one HTTP/1.1 response: status line, headers, and a body by Content-Length, chunks or to the end. */
    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("the server closed the connection");
        }
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h; !(h = requiredLine(in)).isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size; (size = Integer.parseInt(requiredLine(in).split(";")[0].strip(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                requiredLine(in);
            }
            while (!requiredLine(in).isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private static String requiredLine(InputStream in) throws IOException {
        String line = line(in);
        if (line == null) {
            throw new IOException("the server closed the connection within a response");
        }
        return line;
    }

    /** A CRLF-terminated line without its terminator, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                int end = b.length();
                return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
