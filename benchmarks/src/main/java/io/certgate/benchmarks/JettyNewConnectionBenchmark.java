package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;
import org.eclipse.jetty.server.Server;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * New TLS connections per second (full handshake, one request, close) with revocation checking on, against an
 * OCSP responder that answers after 50 ms (one for the issuing CA's clients, one for the root's issuing CA): certgate
 * ({@code revocation.mode = ocsp}, {@code revocation.scope = chain}, cached answers) against
 * Jetty's own OCSP checking ({@code SslContextFactory.setEnableOCSP(true)}: the JDK's PKIX revocation checker on
 * every handshake) with the stock authenticator. Same run, same client certificate.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar JettyNewConnection}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(4)
public class JettyNewConnectionBenchmark {
    private static final byte[] GET = "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Param({"certgate", "jettyOcsp"})
    public String revocation;

    private TestOcspResponder rootResponder;
    private TestOcspResponder responder;
    private Server server;
    private SSLContext context;
    private int port;

    @Setup(Level.Trial)
    public void start() throws Exception {
        TestCertificate root = TestCertificate.builder().subject("CN=Bench Root CA").ca(1).build();
        rootResponder = TestOcspResponder.start(root, Clock.systemUTC()).latency(Duration.ofMillis(50));
        TestCertificate issuing = TestCertificate.builder().subject("CN=Bench Issuing CA").ca(0)
                .ocspResponder(rootResponder.uri().toString()).signedBy(root).build();
        rootResponder.good(issuing.certificate());
        responder = TestOcspResponder.start(issuing, Clock.systemUTC()).latency(Duration.ofMillis(50));
        TestCertificate alice = TestCertificate.builder().subject("CN=alice, O=bench").clientAuth()
                .ocspResponder(responder.uri().toString()).signedBy(issuing).build();
        responder.good(alice.certificate());
        AuditLog.toFile();
        String rules = "certgate".equals(revocation)
                ? "principal = subject.cn\nrole user when subject.cn = \"alice\" and issuer = \"CN=Bench Issuing CA\"\nrevocation.mode = ocsp\nrevocation.scope = chain\nrevocation.issuers = " + pem(root) + "\n"
                : null;
        server = JettyServers.start(TestTls.localhost(root), root, rules, "jettyOcsp".equals(revocation), alice);
        port = JettyServers.port(server);
        context = TestTls.context(alice, root.certificate());
        int status = exchange();
        if (status != 200) {
            throw new IllegalStateException(revocation + ": expected 200, got " + status);
        }
        if (responder.requests() == 0 || rootResponder.requests() == 0) {
            throw new IllegalStateException(revocation + ": the OCSP responders were not asked, the comparison would be void");
        }
    }

    /** The CA certificate written to a temporary PEM file: certgate's {@code revocation.issuers}, the issuer of the
     * issuing CA that clients do not send. */
    private static String pem(TestCertificate ca) throws IOException {
        Path file = Files.createTempFile("certgate-bench-issuers", ".pem");
        file.toFile().deleteOnExit();
        Files.writeString(file, ca.certificatePem());
        return file.toString();
    }

    /** One full handshake, one request, the status code; the session is invalidated so nothing is resumed. */
    private int exchange() throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(GET);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] response = in.readAllBytes();
            socket.getSession().invalidate();
            String head = new String(response, 0, Math.min(response.length, 16), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
        }
    }

    @Benchmark
    public int connection() throws Exception {
        int status = exchange();
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
        return status;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
        responder.close();
        rootResponder.close();
    }
}
