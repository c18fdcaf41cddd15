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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * New TLS connections per second to embedded Tomcat 11 (full handshake, one request, close) with revocation
 * checking on, against OCSP responders that answer after 50 ms: {@code CertGateRealm} with
 * {@code revocation.mode = ocsp} against Tomcat's own OCSP checking with the stock {@code UserDatabaseRealm}. Same
 * servlet, constraint, PKI and client certificate as {@link JettyNewConnectionBenchmark}, same run
 * ({@link TomcatServers}): root, issuing CA, client; the client sends its leaf and the issuing CA; the root's
 * responder answers for the issuing CA and the issuing CA's for the client, so both sides check two certificates.
 *
 * <p><b>Which stock OCSP.</b> Tomcat's {@code ocspEnabled} attribute of {@code SSLHostConfig}, with the default JSSE
 * implementation. In Tomcat 11.0.27, the version this project pins, it is not limited to OpenSSL:
 * {@code SSLUtilBase.getParameters} adds the JDK's {@code PKIXRevocationChecker}
 * ({@code CertPathValidator.getInstance("PKIX").getRevocationChecker()}, without options since {@code ocspSoftFail}
 * is false: hard-fail) to the trust manager's PKIX parameters and turns revocation checking on. The JDK then asks
 * the responder each certificate's AIA names during every handshake (OCSP first, CRL distribution points only as a
 * fallback; these certificates name none) and keeps no answer from one handshake to the next. No JDK property is
 * needed: {@code ocsp.enable} and {@code com.sun.net.ssl.checkRevocation} serve the older path
 * ({@code revocationEnabled} without a checker, or a trust manager made from a bare key store), which is weaker.
 * The OpenSSL implementations, whose own OCSP code {@code ocspEnabled} also drives, cannot run here: the FFM one
 * needs Java 22 and this build runs on 17, and the tcnative one needs {@code libtcnative-2}, which is not
 * installed. {@code truststoreAlgorithm} is left at its default, the JDK's PKIX, the only algorithm Tomcat hands
 * these parameters to.
 *
 * <p>certgate ({@code revocation.scope = chain}) asks each responder on the first request and then answers from its
 * status cache (the answers are valid for an hour). The root, which clients do not send, is given in
 * {@code revocation.issuers}. certgate writes its audit record of every request to a log file ({@link AuditLog}).
 *
 * <p>Setup checks that the comparison holds ({@link MutualTlsRig#checkNewConnections}): every connection is a full
 * handshake in which the client presents its certificate (the client invalidates each session, so none is
 * resumed); the stock check asks both responders on every handshake and certgate only on the first request; both
 * let the client in with the role; both refuse a revoked certificate with the same subject.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TomcatNewConnection}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(4)
public class TomcatNewConnectionBenchmark {
    @Param({"certgate", "tomcatOcsp"})
    public String revocation;

    private MutualTlsRig.Pki pki;
    private TomcatServers.Running server;
    private MutualTlsRig.Client client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pki = MutualTlsRig.Pki.withOcsp(Duration.ofMillis(50));
        AuditLog.toFile();
        boolean certgate = "certgate".equals(revocation);
        server = TomcatServers.start(TestTls.localhost(pki.root()), pki.root(), certgate ? pki.rules() : null, !certgate,
                pki.client());
        client = new MutualTlsRig.Client(pki.client(), pki.root(), server.port());
        MutualTlsRig.checkNewConnections(revocation, pki, client,
                new MutualTlsRig.Client(pki.refused(), pki.root(), server.port()),
                certgate ? MutualTlsRig.AUTHORIZED : TomcatServers.stockUserName(pki.client()), !certgate);
    }

    /** One full handshake, one request; the session is invalidated so nothing is resumed. */
    @Benchmark
    public int connection() throws Exception {
        return client.exchange("/hello").okBodyLength();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            server.close();
        } finally {
            pki.close();
        }
    }
}
