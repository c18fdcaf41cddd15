package io.certgate.benchmarks;

import io.certgate.core.testing.TestCertificate;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/**
 * Requests per second over kept-alive HTTPS connections to embedded Jetty, {@code CLIENT-CERT} with certgate
 * against Jetty's stock authenticator with a {@code HashLoginService}, same servlet, same client, same run.
 * {@code certgate} writes its audit record of every request to a log file, as deployed; {@code certgateNoAudit}
 * switches the audit logger off, to show what the records cost.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar JettyKeepAlive}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(4)
public class JettyKeepAliveBenchmark {
    @Param({"certgate", "certgateNoAudit", "hashLoginService"})
    public String authentication;

    private Server server;
    private HttpClient client;
    private HttpRequest request;

    @Setup(Level.Trial)
    public void start() throws Exception {
        TestCertificate root = TestCertificate.builder().subject("CN=Bench Root CA").ca(1).build();
        TestCertificate alice = TestCertificate.builder().subject("CN=alice, O=bench").clientAuth().signedBy(root).build();
        boolean certgate = authentication.startsWith("certgate");
        if ("certgate".equals(authentication)) {
            AuditLog.toFile();
        } else {
            AuditLog.off();
        }
        String rules = certgate
                ? "principal = subject.cn\nrole user when subject.cn = \"alice\" and issuer = \"CN=Bench Root CA\"\nrevocation.mode = off\n"
                : null;
        server = JettyServers.start(TestTls.localhost(root), root, rules, false, alice);
        client = TestTls.client(alice, root.certificate());
        request = HttpRequest.newBuilder(URI.create("https://localhost:" + JettyServers.port(server) + "/hello")).build();
        HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200) {
            throw new IllegalStateException(authentication + ": expected 200, got " + first.statusCode() + " " + first.body());
        }
    }

    @Benchmark
    public int request() throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("status " + r.statusCode());
        }
        return r.body().length();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop();
    }
}
