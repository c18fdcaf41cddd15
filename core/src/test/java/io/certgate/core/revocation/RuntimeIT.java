package io.certgate.core.revocation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.config.Configuration;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.CertgateThreads;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's threads: one gate's hung responder does not delay another gate's refreshes, and closing the runtime
 * leaves no certgate thread. Real OCSP responders on local ports; the test holds the hang on a latch.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RuntimeIT {
    /** Guards the waits against a hang only; far below the held responder's timeout, so a delay fails the test. */
    static final Duration HANG_GUARD = Duration.ofSeconds(60);
    static final String RULES = "revocation.mode = ocsp\nrole staff when true\n";

    static TestCertificate ca;

    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=certgate runtime CA,O=certgate tests").ca(0).build();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    static TestCertificate leaf(String name, URI ocsp) {
        return TestCertificate.builder().subject("CN=" + name + ",O=certgate tests").clientAuth().signedBy(ca)
                .ocspResponder(ocsp.toString()).build();
    }

    static CertGate gate(Path dir, MutableClock clock, RevocationRuntime runtime, Executor refresher)
            throws Exception {
        // A timeout far beyond the hang guard: only the latch ends the held requests.
        return Configuration.build(RuleSet.parse("it.rules", RULES), dir, Map.of("revocation.timeout", "5m"), clock,
                runtime, refresher);
    }

    @Test
    void aGateWhoseResponderHangsDelaysNoOtherGatesRefresh(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        RevocationRuntime runtime = closeLater(RevocationRuntime.create());
        TestOcspResponder slowBehind = closeLater(TestOcspResponder.start(ca, clock));
        HoldingProxy slow = closeLater(new HoldingProxy(slowBehind.uri(), RevocationRuntime.REFRESH_THREADS));
        TestOcspResponder fast = closeLater(TestOcspResponder.start(ca, clock));

        List<TestCertificate> slowClients = new ArrayList<>();
        for (int i = 0; i <= RevocationRuntime.REFRESH_THREADS; i++) {
            TestCertificate c = leaf("slow" + i, slow.uri());
            slowBehind.good(c.certificate());
            slowClients.add(c);
        }
        TestCertificate alice = leaf("alice", fast.uri());
        fast.good(alice.certificate());

        CertGate held = gate(dir, clock, runtime, runtime.refresher("held"));
        CountDownLatch refreshed = new CountDownLatch(1);
        ExecutorService fastRefresher = runtime.refresher("fast");
        CertGate other = gate(dir, clock, runtime, new SignallingExecutor(fastRefresher, refreshed));

        for (TestCertificate c : slowClients) {
            assertInstanceOf(Decision.Authenticated.class, held.decide(c.chainArray()));
        }
        assertInstanceOf(Decision.Authenticated.class, other.decide(alice.chainArray()));

        // Past three quarters of the answers' hour: the next decisions refresh in the background.
        slow.hold();
        fast.revoke(alice.certificate(), clock.instant(), "keyCompromise");
        clock.advance(Duration.ofMinutes(50));
        for (TestCertificate c : slowClients) {
            assertInstanceOf(Decision.Authenticated.class, held.decide(c.chainArray()), "answered from the cache");
        }
        assertTrue(slow.held.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS),
                "every refresh thread of the held gate waits on its responder");

        assertInstanceOf(Decision.Authenticated.class, other.decide(alice.chainArray()), "answered from the cache");
        assertTrue(refreshed.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS),
                "the other gate refreshes while the held gate's responder hangs");

        assertEquals(1, slow.release.getCount(), "the held requests are still held");
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, other.decide(alice.chainArray()));
        assertEquals(DenialReason.REVOKED, denied.reason(), denied.message());
        slow.release.countDown();
    }

    @Test
    void aClosedRuntimeLeavesNoCertgateThread(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TestOcspResponder responder = closeLater(TestOcspResponder.start(ca, clock));
        TestCertificate alice = leaf("alice", responder.uri());
        responder.good(alice.certificate());
        RevocationRuntime runtime = RevocationRuntime.create();
        try {
            CertGate gate = gate(dir, clock, runtime, runtime.refresher("app"));
            assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()));
            clock.advance(Duration.ofMinutes(50));
            assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()), "refreshed in the background");
            responder.awaitRequests(2, HANG_GUARD);
            assertTrue(CertgateThreads.any("certgate-refresh-app-"), "the gate's own refresh thread: " + CertgateThreads.alive());
            assertTrue(CertgateThreads.any("certgate-http-"), CertgateThreads.alive().toString());
        } finally {
            runtime.close();
        }
        assertEquals(List.of(), CertgateThreads.alive());
    }

    /** Runs tasks on a refresher and counts down once one has finished. */
    record SignallingExecutor(ExecutorService delegate, CountDownLatch done) implements Executor {
        @Override
        public void execute(Runnable task) {
            delegate.execute(() -> {
                try {
                    task.run();
                } finally {
                    done.countDown();
                }
            });
        }
    }

    /** Passes OCSP requests to a responder; once {@link #hold()} is called, holds each until {@link #release}. */
    static final class HoldingProxy implements AutoCloseable {
        final CountDownLatch held;
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean holding = new AtomicBoolean();
        private final URI target;
        private final HttpServer server;
        private final ExecutorService pool = Executors.newCachedThreadPool();
        private final HttpClient client = HttpClient.newHttpClient();

        HoldingProxy(URI target, int expectedHeld) throws IOException {
            this.target = target;
            this.held = new CountDownLatch(expectedHeld);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(pool);
            server.createContext("/", this::handle);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        void hold() {
            holding.set(true);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] request = in.readAllBytes();
                if (holding.get()) {
                    held.countDown();
                    release.await();
                }
                HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(target)
                        .header("Content-Type", "application/ocsp-request")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
