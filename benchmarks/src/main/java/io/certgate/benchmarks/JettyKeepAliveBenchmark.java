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

import java.util.concurrent.TimeUnit;

/**
 * Requests per second over kept-alive HTTPS connections to embedded Jetty, {@code CLIENT-CERT} with certgate
 * against Jetty's stock authenticator with a {@code HashLoginService}, same servlet, same client, same run. Each
 * benchmark thread sends its requests over one HTTPS connection of its own, opened on its first request and kept
 * open ({@link MutualTlsRig.Client#keptAlive}), so after warm-up no handshakes are measured.
 * {@code certgate} writes its audit record of every request to a log file, as deployed; {@code certgateNoAudit}
 * switches the audit logger off, to show what the records cost. Setup checks that the client gets 200 with the
 * role over a connection that stays open, and that a client without the role is refused.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar JettyKeepAlive}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(4)
public class JettyKeepAliveBenchmark {
    @Param({"certgate", "certgateNoAudit", "hashLoginService"})
    public String authentication;

    private Server server;
    private MutualTlsRig.Client client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        MutualTlsRig.Pki pki = MutualTlsRig.Pki.direct();
        boolean certgate = authentication.startsWith("certgate");
        AuditLog.forCase(authentication);
        server = JettyServers.start(TestTls.localhost(pki.root()), pki.root(), certgate ? pki.rules() : null, false,
                pki.client());
        int port = JettyServers.port(server);
        client = new MutualTlsRig.Client(pki.client(), pki.root(), port);
        MutualTlsRig.checkKeptAlive(authentication, client, new MutualTlsRig.Client(pki.refused(), pki.root(), port),
                certgate ? MutualTlsRig.AUTHORIZED : JettyServers.stockUserName(pki.client()));
    }

    @Benchmark
    public int request() throws Exception {
        return client.keptAlive("/hello").okBodyLength();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        server.stop();
    }
}
