package io.certgate.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A programmable OCSP responder (RFC 6960) for one issuer, on a loopback port chosen by the system: it decodes
 * requests sent by POST or GET (RFC 5019) and answers each CertID with the status the test set, signed as the
 * test chose, or misbehaves on purpose.
 *
 * <pre>{@code
 * try (TestOcspResponder ocsp = TestOcspResponder.start(ca, clock)) {
 *     TestCertificate leaf = TestCertificate.builder().ocspResponder(ocsp.uri().toString()).signedBy(ca).build();
 *     ocsp.good(leaf.certificate());
 *     ...
 *     ocsp.mode(TestOcspResponder.Mode.HTTP_500);
 * }
 * }</pre>
 *
 * <p>Defaults: every serial not set by {@link #good}, {@link #revoke} or {@link #unknown} is {@code unknown}
 * (as with a real responder), and so is a CertID of another issuer; signed by the issuer itself (responderID
 * by name, no certificates); thisUpdate and producedAt are the clock's now (whole seconds), nextUpdate one hour
 * later ({@link #validity}); a nonce in the request is echoed. A request that cannot be decoded gets the
 * {@code malformedRequest} response status.
 *
 * <p>Every request is counted ({@link #requests()}) as it arrives, whatever the mode, and so is every serial it
 * asks about ({@link #requestsFor}). Thread-safe; settings
 * apply to requests answered after the call. {@link #close()} releases hung requests and frees the port, so a
 * closed responder's {@link #uri()} refuses connections.
 */
public final class TestOcspResponder implements AutoCloseable {
    /** Extended key usage {@code id-kp-OCSPSigning}, which a delegated responder's certificate carries. */
    public static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    /** How the responder answers. */
    public enum Mode {
        /** A signed, current response. */
        NORMAL,
        /** HTTP 200 with a body that is not DER at all. */
        GARBAGE,
        /** HTTP 500 without a body. */
        HTTP_500,
        /** Accepts the request and never answers, until the mode changes or the responder closes. */
        HANG,
        /**
         * A signed response whose thisUpdate is 20 minutes and nextUpdate 10 minutes before the clock's now:
         * stale beyond the default five-minute clock skew.
         */
        STALE,
        /** The first half of a signed, current response, sent as if it were the whole body. */
        TRUNCATED,
        /** HTTP 200 with a body of {@link #OVERSIZED_BYTES} zero bytes, declared in Content-Length. */
        OVERSIZED,
        /**
         * A signed, current response sent one byte every {@link #DRIP_INTERVAL}: it never ends within a short
         * deadline, although bytes keep arriving.
         */
        DRIP,
        /** Answers with the redirect set by {@link #redirect(int, String)}. */
        REDIRECT
    }

    /** The body size in {@link Mode#OVERSIZED}: larger than the default {@code revocation.ocsp.max-bytes}. */
    public static final int OVERSIZED_BYTES = 1024 * 1024;

    /** The pause between two bytes in {@link Mode#DRIP}. */
    public static final Duration DRIP_INTERVAL = Duration.ofMillis(50);

    /** Who signs responses. */
    public enum Signer {
        /** The issuer's own key; responderID by name (RFC 6960 §4.2.2.2, first case). */
        ISSUER,
        /**
         * A delegated responder: {@link #delegatedResponder()}, issued by the issuer with id-kp-OCSPSigning;
         * responderID by key hash, its certificate included in the response.
         */
        DELEGATED,
        /**
         * A key unrelated to the issuer that claims to be the issuer (responderID by the issuer's name): a forged
         * or misconfigured responder whose signature does not verify.
         */
        UNRELATED_KEY
    }

    private record Answer(CertificateStatus status) {
    }

    private static final Answer GOOD = new Answer(CertificateStatus.GOOD);
    private static final Answer UNKNOWN = new Answer(new UnknownStatus());

    private final TestCertificate issuer;
    private final Clock clock;
    private final TestCertificate delegated;
    private final KeyPair unrelated;
    private final DigestCalculatorProvider digests;
    private final HttpServer server;
    private final ExecutorService pool;
    /** Sends answers held back by {@link #latency}. */
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-ocsp-responder-latency");
        t.setDaemon(true);
        return t;
    });

    private final Map<BigInteger, Answer> answers = new HashMap<>();
    private Mode mode = Mode.NORMAL;
    private Signer signer = Signer.ISSUER;
    private Duration validity = Duration.ofHours(1);
    private boolean echoNonce = true;
    private Duration latency = Duration.ZERO;
    private int redirectStatus;
    private String redirectLocation;
    private int requests;
    private final Map<BigInteger, Integer> requestsBySerial = new HashMap<>();
    private boolean closed;

    private TestOcspResponder(TestCertificate issuer, Clock clock) throws IOException, GeneralSecurityException,
            OperatorCreationException {
        this.issuer = issuer;
        this.clock = clock;
        this.delegated = TestCertificate.builder().subject("CN=Test OCSP Responder,O=certgate tests")
                .extendedKeyUsage(OCSP_SIGNING).signedBy(issuer).build();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.unrelated = generator.generateKeyPair();
        this.digests = new JcaDigestCalculatorProviderBuilder().build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-ocsp-responder");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    /**
     * Starts a responder for certificates issued by {@code issuer} on 127.0.0.1 at a free port.
     *
     * @param clock the time written into responses (a {@link MutableClock} in cache tests)
     */
    public static TestOcspResponder start(TestCertificate issuer, Clock clock) {
        TestOcspResponder responder;
        try {
            responder = new TestOcspResponder(Objects.requireNonNull(issuer, "issuer"),
                    Objects.requireNonNull(clock, "clock"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test OCSP responder", e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot start the test OCSP responder: " + e, e);
        }
        responder.server.start();
        return responder;
    }

    /** Answers {@code good} for {@code cert}'s serial from now on. */
    public synchronized TestOcspResponder good(X509Certificate cert) {
        answers.put(cert.getSerialNumber(), GOOD);
        return this;
    }

    /**
     * Answers {@code revoked} for {@code cert}'s serial from now on.
     *
     * @param revokedAt the revocation time (whole seconds are kept)
     * @param reason    an RFC 5280 CRLReason name such as {@code keyCompromise}
     */
    public synchronized TestOcspResponder revoke(X509Certificate cert, Instant revokedAt, String reason) {
        answers.put(cert.getSerialNumber(), new Answer(new RevokedStatus(
                Date.from(revokedAt.truncatedTo(ChronoUnit.SECONDS)), RevocationReasons.code(reason))));
        return this;
    }

    /** Answers {@code unknown} for {@code cert}'s serial from now on (the default for serials never set). */
    public synchronized TestOcspResponder unknown(X509Certificate cert) {
        answers.put(cert.getSerialNumber(), UNKNOWN);
        return this;
    }

    /**
     * Delays every answer by {@code latency}, as a distant responder would (load runs and benchmarks compare
     * revocation checking against a responder 50 ms away).
     */
    public synchronized TestOcspResponder latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
        return this;
    }

    /** Sets how the responder answers from now on; requests hung in {@link Mode#HANG} resume under the new mode. */
    public synchronized TestOcspResponder mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        notifyAll();
        return this;
    }

    /**
     * Answers every request from now on with HTTP {@code status} and {@code Location: location} (a path such as
     * {@code /} points back at this responder), and sets {@link Mode#REDIRECT}.
     */
    public synchronized TestOcspResponder redirect(int status, String location) {
        this.redirectStatus = status;
        this.redirectLocation = Objects.requireNonNull(location, "location");
        return mode(Mode.REDIRECT);
    }

    /** Sets who signs responses from now on. */
    public synchronized TestOcspResponder signer(Signer signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
        return this;
    }

    /** Sets the time from thisUpdate to nextUpdate of normal responses. Default one hour. */
    public synchronized TestOcspResponder validity(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: [" + validity + "]");
        }
        this.validity = validity;
        return this;
    }

    /** Whether a request's nonce is copied into the response (RFC 8954). Default true. */
    public synchronized TestOcspResponder echoNonce(boolean echo) {
        this.echoNonce = echo;
        return this;
    }

    /** The certificate that signs in {@link Signer#DELEGATED} mode: issued by the issuer, id-kp-OCSPSigning. */
    public TestCertificate delegatedResponder() {
        return delegated;
    }

    /** The responder's URL, e.g. {@code http://127.0.0.1:40123/}, for a certificate's authorityInfoAccess. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** How many requests arrived so far, answered or not. */
    public synchronized int requests() {
        return requests;
    }

    /** How many arrived requests asked about {@code serial} so far, answered or not. */
    public synchronized int requestsFor(BigInteger serial) {
        return requestsBySerial.getOrDefault(serial, 0);
    }

    /** The count of {@link #requestsFor} of every serial asked about so far. */
    public synchronized Map<BigInteger, Integer> requestsBySerial() {
        return Map.copyOf(requestsBySerial);
    }

    /**
     * Waits until at least {@code count} requests have arrived.
     *
     * @throws TimeoutException when they have not within {@code timeout}
     */
    public synchronized void awaitRequests(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (requests < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(requests + " requests within " + timeout + ", expected " + count);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Stops the responder at once; the port then refuses connections. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        server.stop(0);
        pool.shutdownNow();
        delayed.shutdownNow();
    }

    /** What the responder answers with, as it stood when a request arrived. */
    private record Snapshot(Mode mode, Signer signer, Duration validity, boolean echoNonce,
                            Map<BigInteger, Answer> answers, int redirectStatus, String redirectLocation) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean handedOff = false; // answer() closes the exchange once it has been called or scheduled
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<BigInteger> serials = serials("GET".equals(exchange.getRequestMethod())
                    ? getRequest(exchange.getRequestURI().getPath()) : body);
            Snapshot snapshot;
            Duration delay;
            synchronized (this) {
                requests++;
                serials.forEach(serial -> requestsBySerial.merge(serial, 1, Integer::sum));
                notifyAll();
                while (mode == Mode.HANG && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return; // drop the connection
                }
                snapshot = new Snapshot(mode, signer, validity, echoNonce, Map.copyOf(answers), redirectStatus,
                        redirectLocation);
                delay = latency;
            }
            if (delay.isZero()) {
                handedOff = true;
                answer(exchange, body, snapshot);
            } else {
                delayed.schedule(() -> {
                    answer(exchange, body, snapshot);
                    return null;
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
                handedOff = true;
            }
        } finally {
            if (!handedOff) {
                exchange.close();
            }
        }
    }

    private void answer(HttpExchange exchange, byte[] body, Snapshot s) throws IOException {
        try {
            switch (s.mode()) {
                case HTTP_500 -> exchange.sendResponseHeaders(500, -1);
                case GARBAGE -> send(exchange, "this is not an OCSP response".getBytes(StandardCharsets.US_ASCII));
                case OVERSIZED -> send(exchange, new byte[OVERSIZED_BYTES]);
                case REDIRECT -> {
                    exchange.getResponseHeaders().set("Location", s.redirectLocation());
                    exchange.sendResponseHeaders(s.redirectStatus(), -1);
                }
                default -> {
                    byte[] request = "GET".equals(exchange.getRequestMethod())
                            ? getRequest(exchange.getRequestURI().getPath()) : body;
                    byte[] response = respond(request, s.mode() == Mode.STALE, s.signer(), s.validity(), s.echoNonce(),
                            s.answers());
                    switch (s.mode()) {
                        case TRUNCATED -> send(exchange, Arrays.copyOf(response, response.length / 2));
                        case DRIP -> drip(exchange, response);
                        default -> send(exchange, response);
                    }
                }
            }
        } finally {
            exchange.close();
        }
    }

    /** The serials a DER request asks about; none when it cannot be decoded. */
    private static List<BigInteger> serials(byte[] der) {
        try {
            List<BigInteger> out = new ArrayList<>();
            for (Req r : new OCSPReq(der).getRequestList()) {
                out.add(r.getCertID().getSerialNumber());
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The DER request of an RFC 5019 GET: the path (percent-decoded already) after the first '/' is base64. */
    private static byte[] getRequest(String path) {
        try {
            return Base64.getDecoder().decode(path.substring(path.indexOf('/') + 1));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends {@code body} one byte at a time, {@link #DRIP_INTERVAL} apart, until done or the client is gone. */
    private void drip(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        try {
            for (byte b : body) {
                out.write(b);
                out.flush();
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    wait(DRIP_INTERVAL.toMillis()); // the pace of a hostile server; close() ends it early
                }
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] respond(byte[] der, boolean stale, Signer by, Duration valid, boolean echo,
                           Map<BigInteger, Answer> statuses) throws IOException {
        OCSPReq request;
        try {
            request = new OCSPReq(der);
            request.getRequestList();
        } catch (IOException | RuntimeException e) {
            return malformedRequest();
        }
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant thisUpdate = stale ? now.minus(Duration.ofMinutes(20)) : now;
            Instant nextUpdate = stale ? now.minus(Duration.ofMinutes(10)) : now.plus(valid);
            BasicOCSPRespBuilder builder;
            PrivateKey key;
            X509CertificateHolder[] certs;
            switch (by) {
                case DELEGATED -> {
                    builder = new BasicOCSPRespBuilder(new RespID(
                            SubjectPublicKeyInfo.getInstance(delegated.certificate().getPublicKey().getEncoded()),
                            digests.get(RespID.HASH_SHA1)));
                    key = delegated.privateKey();
                    certs = new X509CertificateHolder[] {new JcaX509CertificateHolder(delegated.certificate())};
                }
                case UNRELATED_KEY -> {
                    builder = new BasicOCSPRespBuilder(new RespID(issuerName()));
                    key = unrelated.getPrivate();
                    certs = null;
                }
                default -> {
                    builder = new BasicOCSPRespBuilder(new RespID(issuerName()));
                    key = issuer.privateKey();
                    certs = null;
                }
            }
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer.certificate());
            for (Req r : request.getRequestList()) {
                CertificateID id = r.getCertID();
                Answer answer = id.matchesIssuer(issuerHolder, digests)
                        ? statuses.getOrDefault(id.getSerialNumber(), UNKNOWN) : UNKNOWN;
                builder.addResponse(id, answer.status(), Date.from(thisUpdate), Date.from(nextUpdate), null);
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (echo && nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    builder.build(new JcaContentSignerBuilder(algorithm).build(key), certs, Date.from(thisUpdate)))
                    .getEncoded();
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("cannot build the OCSP response: " + e, e);
        }
    }

    private X500Name issuerName() {
        return X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    }

    private static byte[] malformedRequest() throws IOException {
        try {
            return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
        } catch (OCSPException e) {
            throw new IOException(e);
        }
    }
}
