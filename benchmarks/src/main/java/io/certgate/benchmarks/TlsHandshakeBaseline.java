package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline certgate's costs are compared with: one full mutual-TLS 1.3 handshake between two in-memory
 * {@link SSLEngine}s (no sockets), EC P-256 certificates, the server requiring a client certificate and
 * verifying its chain (leaf and issuing CA, up to a root in a {@link KeyStore} truststore) with the JDK's
 * default PKIX trust manager; the client verifies the server's chain the same way.
 *
 * <p>Both ends run in the benchmark thread, so a score is the CPU work of client and server together. Every
 * operation is a full handshake: the engines are created without a peer host and port, so the client has no
 * cached session to offer for resumption, and each operation checks that the server's trust manager verified
 * a client chain.
 *
 * <p>Warm-up is longer than for the other benchmarks: an operation takes milliseconds, so a one-second
 * iteration holds only a few hundred of them, and the JIT needs about ten seconds to settle the JDK's
 * elliptic-curve code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class TlsHandshakeBaseline {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private static final char[] PASSWORD = "bench".toCharArray();

    SSLContext serverContext;
    SSLContext clientContext;
    CountingTrustManager serverTrust;

    private ByteBuffer clientToServer;
    private ByteBuffer serverToClient;
    private ByteBuffer clientApp;
    private ByteBuffer serverApp;

    @Setup
    public void setup() throws Exception {
        TestCertificate root = TestCertificate.builder()
                .subject("CN=Bench Root CA,O=Example Corp")
                .ca(1)
                .build();
        TestCertificate issuing = TestCertificate.builder()
                .subject("CN=Bench Issuing CA,O=Example Corp")
                .ca(0)
                .signedBy(root)
                .build();
        TestCertificate server = TestCertificate.builder()
                .subject("CN=server.example.org,O=Example Corp")
                .sanDns("server.example.org")
                .extendedKeyUsage("1.3.6.1.5.5.7.3.1") // serverAuth
                .signedBy(issuing)
                .build();
        TestCertificate client = TestCertificate.builder()
                .subject("CN=svc-checkout,OU=payments,O=Example Corp")
                .sanEmail("checkout@payments.example.org")
                .sanDns("checkout.payments.svc.example.org")
                .sanIp("10.20.30.40")
                .sanUri(RuleEvaluationBenchmark.SPIFFE_ID)
                .clientAuth()
                .signedBy(issuing)
                .build();

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("root", root.certificate());

        serverTrust = new CountingTrustManager(defaultTrustManager(trustStore));
        serverContext = SSLContext.getInstance("TLSv1.3");
        serverContext.init(keyManagers(server, issuing), new TrustManager[] {serverTrust}, null);
        clientContext = SSLContext.getInstance("TLSv1.3");
        clientContext.init(keyManagers(client, issuing), new TrustManager[] {defaultTrustManager(trustStore)}, null);

        SSLSession session = clientContext.createSSLEngine().getSession();
        // SSLEngine.wrap wants a whole packet's room free, and a flight may hold several records.
        clientToServer = ByteBuffer.allocate(8 * session.getPacketBufferSize());
        serverToClient = ByteBuffer.allocate(8 * session.getPacketBufferSize());
        clientApp = ByteBuffer.allocate(session.getApplicationBufferSize());
        serverApp = ByteBuffer.allocate(session.getApplicationBufferSize());

        // Correctness: two handshakes in a row, both full, both verifying the client's chain.
        for (int i = 0; i < 2; i++) {
            SSLEngine[] engines = handshake();
            SSLSession serverSession = engines[1].getSession();
            check("TLSv1.3".equals(serverSession.getProtocol()), "protocol " + serverSession.getProtocol());
            check(serverSession.getPeerCertificates().length == 2
                    && serverSession.getPeerCertificates()[0].equals(client.certificate()),
                    "server did not receive the client's chain");
            check(engines[0].getSession().getPeerCertificates()[0].equals(server.certificate()),
                    "client did not receive the server's certificate");
            if (i == 0) {
                System.out.println("handshake: " + serverSession.getProtocol() + " " + serverSession.getCipherSuite());
            }
        }
    }

    /** One full mutual-TLS handshake; returns {client, server}. */
    @Benchmark
    public SSLEngine[] fullMutualTlsHandshake() throws Exception {
        return handshake();
    }

    private SSLEngine[] handshake() throws Exception {
        long verifiedBefore = serverTrust.clientChainsVerified;

        // No peer host/port: the client's session cache cannot supply a session, so no resumption.
        SSLEngine client = clientContext.createSSLEngine();
        client.setUseClientMode(true);
        client.setEnabledProtocols(PROTOCOLS);
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledProtocols(PROTOCOLS);
        server.setNeedClientAuth(true);

        clientToServer.clear();
        serverToClient.clear();
        client.beginHandshake();
        server.beginHandshake();

        ByteBuffer empty = ByteBuffer.allocate(0);
        for (int rounds = 0; ; rounds++) {
            if (rounds > 100) {
                throw new IllegalStateException("handshake did not finish: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
            boolean progress = false;
            progress |= step(client, empty, clientToServer, serverToClient, clientApp);
            progress |= step(server, empty, serverToClient, clientToServer, serverApp);
            if (done(client) && done(server) && clientToServer.position() == 0 && serverToClient.position() == 0) {
                break;
            }
            if (!progress) {
                throw new IllegalStateException("handshake stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        if (serverTrust.clientChainsVerified != verifiedBefore + 1) {
            throw new IllegalStateException("not a full handshake: the server did not verify a client chain");
        }
        return new SSLEngine[] {client, server};
    }

    /**
     * Lets one engine produce its outgoing records into {@code out} and consume the peer's records from
     * {@code in} (written by the peer in fill mode, drained here). Returns whether anything happened.
     */
    private static boolean step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        boolean progress = false;
        // Produce.
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = engine.wrap(empty, out);
            check(r.getStatus() == SSLEngineResult.Status.OK, "wrap " + r);
            progress |= r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
            runTasks(engine);
        }
        // Consume what the peer sent.
        in.flip();
        try {
            while (in.hasRemaining()) {
                app.clear();
                SSLEngineResult r = engine.unwrap(in, app);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break;
                }
                check(r.getStatus() == SSLEngineResult.Status.OK, "unwrap " + r);
                progress |= r.bytesConsumed() > 0;
                runTasks(engine);
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    break; // answer first; the rest is read on the next step
                }
            }
        } finally {
            in.compact();
        }
        return progress;
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus s = engine.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private static javax.net.ssl.KeyManager[] keyManagers(TestCertificate leaf, TestCertificate issuing)
            throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("key", leaf.privateKey(), PASSWORD,
                new X509Certificate[] {leaf.certificate(), issuing.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        return kmf.getKeyManagers();
    }

    private static X509ExtendedTrustManager defaultTrustManager(KeyStore trustStore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509ExtendedTrustManager from " + tmf.getAlgorithm());
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Delegates to the JDK's PKIX trust manager and counts verified client chains. */
    static final class CountingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        volatile long clientChainsVerified;

        CountingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
            clientChainsVerified++;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
            clientChainsVerified++;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
            clientChainsVerified++;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
