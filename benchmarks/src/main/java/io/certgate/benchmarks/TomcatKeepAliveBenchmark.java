package io.certgate.benchmarks;

import io.certgate.core.testing.TestTls;
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
 * Requests per second over kept-alive HTTPS connections to embedded Tomcat 11, {@code CLIENT-CERT} with
 * {@code CertGateRealm} against Tomcat's stock {@code UserDatabaseRealm} (a {@code MemoryUserDatabase} listing the
 * client's subject DN with the role), same servlet, same constraint, same client, same run
 * ({@link TomcatServers}), same client as {@link JettyKeepAliveBenchmark}: each benchmark thread sends its requests
 * over one HTTPS connection of its own, opened on its first request and kept open (Tomcat's
 * {@code maxKeepAliveRequests} limit is lifted), so after warm-up no handshakes are measured: this is the
 * per-request cost of the realm.
 *
 * <p>certgate runs with {@code revocation.mode = off}, because the stock realm checks no revocation; with it on, a
 * cached status would be read per request (see {@code DecisionCostBenchmark}). {@code certgate} writes its audit
 * record of every request to a log file, as deployed ({@link AuditLog}); {@code certgateNoAudit} switches the audit
 * logger off, to show what the records cost, as {@link JettyKeepAliveBenchmark} does. No HTTP sessions are created,
 * so both realms authenticate every request.
 *
 * <p>Setup checks that the comparison holds ({@link MutualTlsRig#checkKeptAlive}): the client gets 200 with the
 * role from either realm (the stock realm finds the user by the name Tomcat's {@code X509SubjectDnRetriever} gives,
 * {@code CN=alice, O=bench}; certgate's principal is the CN) over a connection that stays open past Tomcat's default
 * {@code maxKeepAliveRequests}, and a client the realm does not list, or that no rule gives the role, is refused.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TomcatKeepAlive}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(4)
public class TomcatKeepAliveBenchmark {
    @Param({"certgate", "certgateNoAudit", "userDatabaseRealm"})
    public String authentication;

    private TomcatServers.Running server;
    private MutualTlsRig.Client client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        MutualTlsRig.Pki pki = MutualTlsRig.Pki.direct();
        boolean certgate = authentication.startsWith("certgate");
        AuditLog.forCase(authentication);
        server = TomcatServers.start(TestTls.localhost(pki.root()), pki.root(), certgate ? pki.rules() : null, false,
                pki.client());
        int port = server.port();
        client = new MutualTlsRig.Client(pki.client(), pki.root(), port);
        MutualTlsRig.checkKeptAlive(authentication, client, new MutualTlsRig.Client(pki.refused(), pki.root(), port),
                certgate ? MutualTlsRig.AUTHORIZED : TomcatServers.stockUserName(pki.client()));
    }

    @Benchmark
    public int request() throws Exception {
        return client.keptAlive("/hello").okBodyLength();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        server.close();
    }
}
