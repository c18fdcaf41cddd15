package io.certgate.benchmarks;

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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * New TLS connections per second (full handshake, one request, close) with revocation checking on, against an
 * OCSP responder that answers after 50 ms (one for the issuing CA's clients, one for the root's issuing CA): certgate
 * ({@code revocation.mode = ocsp}, {@code revocation.scope = chain}, cached answers) against
 * Jetty's own OCSP checking ({@code SslContextFactory.setEnableOCSP(true)}: the JDK's PKIX revocation checker on
 * every handshake) with the stock authenticator. Same run, same client certificate. Setup checks that every
 * connection is a full handshake, that the stock check asks both responders on each one and certgate once, and
 * that a revoked certificate is refused ({@link MutualTlsRig#checkNewConnections}).
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
    @Param({"certgate", "jettyOcsp"})
    public String revocation;

    private MutualTlsRig.Pki pki;
    private Server server;
    private MutualTlsRig.Client client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pki = MutualTlsRig.Pki.withOcsp(Duration.ofMillis(50));
        AuditLog.toFile();
        boolean certgate = "certgate".equals(revocation);
        server = JettyServers.start(TestTls.localhost(pki.root()), pki.root(), certgate ? pki.rules() : null, !certgate,
                pki.client());
        int port = JettyServers.port(server);
        client = new MutualTlsRig.Client(pki.client(), pki.root(), port);
        MutualTlsRig.checkNewConnections(revocation, pki, client, new MutualTlsRig.Client(pki.refused(), pki.root(), port),
                certgate ? MutualTlsRig.AUTHORIZED : JettyServers.stockUserName(pki.client()), !certgate);
    }

    /** One full handshake, one request; the session is invalidated so nothing is resumed. */
    @Benchmark
    public int connection() throws Exception {
        return client.exchange("/hello").okBodyLength();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
        pki.close();
    }
}
