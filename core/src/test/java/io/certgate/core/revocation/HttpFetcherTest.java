package io.certgate.core.revocation;

import org.junit.jupiter.api.AfterAll;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP fetcher against a real local server: limits, deadlines, redirects, errors. */
class HttpFetcherTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    /**
     * The deadline of fetches that must succeed: one no fetch from this local server reaches however loaded the
     * machine, so only the deadline tests' own short deadlines decide an outcome.
     */
    static final Duration AMPLE = Duration.ofSeconds(60);
    HttpServer server;
    ExecutorService pool;
    final CountDownLatch release = new CountDownLatch(1);
    final HttpFetcher fetcher = new HttpFetcher(RUNTIME.client(AMPLE));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/ok", x -> respond(x, 200, new byte[] {1, 2, 3}));
        server.createContext("/echo", x -> respond(x, 200, x.getRequestBody().readAllBytes()));
        server.createContext("/big", x -> respond(x, 200, new byte[10_000]));
        server.createContext("/error", x -> respond(x, 500, new byte[0]));
        server.createContext("/redirect-same", x -> redirect(x, "/ok"));
        server.createContext("/redirect-loop", x -> redirect(x, "/redirect-loop"));
        server.createContext("/redirect-https", x -> redirect(x, "https://127.0.0.1:1/ok"));
        server.createContext("/hang", x -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        server.createContext("/drip", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 100 && release.getCount() > 0; i++) {
                    out.write(i);
                    out.flush();
                    release.await(200, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException | IOException e) {
                // client gone
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange x, int code, byte[] body) throws IOException {
        x.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
        x.close();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    HttpFetcher.Result get(String path, long max, Duration deadline) {
        return fetcher.fetch(uri(path), null, null, max, Deadline.in(deadline), RevocationStatus.Source.CRL);
    }

    @Test
    void fetchesAndPosts() {
        assertArrayEquals(new byte[] {1, 2, 3}, get("/ok", 100, AMPLE).body());
        HttpFetcher.Result posted = fetcher.fetch(uri("/echo"), new byte[] {9, 8}, "application/ocsp-request", 100,
                Deadline.in(AMPLE), RevocationStatus.Source.OCSP);
        assertArrayEquals(new byte[] {9, 8}, posted.body());
    }

    @Test
    void capsTheBodySize() {
        HttpFetcher.Result r = get("/big", 1_000, AMPLE);
        assertFalse(r.ok());
        assertEquals(UnknownCause.TOO_LARGE, r.failure().cause().orElseThrow());
    }

    @Test
    void httpErrorsAreReported() {
        HttpFetcher.Result r = get("/error", 100, AMPLE);
        assertEquals(UnknownCause.HTTP_ERROR, r.failure().cause().orElseThrow());
        assertEquals(uri("/error") + " answered HTTP 500", r.failure().detail());
    }

    @Test
    void followsSameSchemeRedirectsOnly() {
        assertArrayEquals(new byte[] {1, 2, 3}, get("/redirect-same", 100, AMPLE).body());
        HttpFetcher.Result https = get("/redirect-https", 100, AMPLE);
        assertEquals(UnknownCause.HTTP_ERROR, https.failure().cause().orElseThrow());
        assertTrue(https.failure().detail().contains("redirected to another scheme"), https.failure().detail());
        HttpFetcher.Result loop = get("/redirect-loop", 100, AMPLE);
        assertEquals(uri("/redirect-loop") + ": more than 3 redirects", loop.failure().detail());
    }

    @Test
    void aServerThatNeverAnswersEndsAtTheDeadline() {
        HttpFetcher.Result r = get("/hang", 100, Duration.ofMillis(300));
        assertEquals(UnknownCause.TIMEOUT, r.failure().cause().orElseThrow());
    }

    @Test
    void aDrippingServerEndsAtTheDeadline() {
        HttpFetcher.Result r = get("/drip", 1_000, Duration.ofMillis(500));
        assertEquals(UnknownCause.TIMEOUT, r.failure().cause().orElseThrow());
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpFetcher.Result r = fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/x"), null, null, 100,
                Deadline.in(AMPLE), RevocationStatus.Source.CRL);
        assertEquals(UnknownCause.UNREACHABLE, r.failure().cause().orElseThrow());
    }

    @Test
    void aPassedDeadlineFetchesNothing() {
        HttpFetcher.Result r = get("/ok", 100, Duration.ZERO);
        assertEquals(UnknownCause.TIMEOUT, r.failure().cause().orElseThrow());
    }

    @Test
    void theClientsThreadsNeverHoldTheCallersClassLoader() throws Exception {
        ClassLoader webApplication = new URLClassLoader(new URL[0], null);
        Thread caller = Thread.currentThread();
        ClassLoader previous = caller.getContextClassLoader();
        HttpFetcher created;
        caller.setContextClassLoader(webApplication);
        try {
            created = new HttpFetcher(RUNTIME.client(AMPLE));
            assertArrayEquals(new byte[] {1, 2, 3}, created.fetch(uri("/ok"), null, null, 100,
                    Deadline.in(AMPLE), RevocationStatus.Source.CRL).body());
        } finally {
            caller.setContextClassLoader(previous);
        }
        List<String> pinning = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getContextClassLoader() == webApplication)
                .map(Thread::getName)
                .toList();
        assertEquals(List.of(), pinning, "threads that would pin an undeployed web application");
    }
}
