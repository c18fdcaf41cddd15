package io.certgate.core.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OCSP responder: {@code openssl ocsp} run as a child process, answering from an
 * OpenSSL CA index file that the test fills through {@link #good} and {@link #revoke}.
 *
 * <pre>{@code
 * Prerequisites.require(OpensslOcspResponder.available(), "openssl on the PATH");
 * try (OpensslOcspResponder ocsp = OpensslOcspResponder.builder(ca).start()) {
 *     TestCertificate leaf = TestCertificate.builder().ocspResponder(ocsp.uri().toString()).signedBy(ca).build();
 *     ocsp.revoke(leaf.certificate(), revokedAt, "keyCompromise");
 * }
 * }</pre>
 *
 * <p>The process runs {@code openssl ocsp -index index.txt -port PORT -rsigner SIGNER -rkey KEY -CA CA -nmin N
 * -ignore_err} in a temporary folder holding the signer's certificate and PKCS#8 key, written when the responder
 * starts and deleted by {@link #close()}. OpenSSL's {@code -port} takes no address, so the process listens on
 * every interface; {@link #uri()} names the loopback address. Serials absent from the index are answered {@code unknown}. The
 * signer is the CA itself or a delegated responder (a {@link TestCertificate} issued by the CA with extended
 * key usage {@value TestOcspResponder#OCSP_SIGNING}).
 *
 * <p>The first start asks for port 0 and reads the port OpenSSL reports ({@code ACCEPT [::]:PORT}); when an
 * OpenSSL version does not report it, a port found free by binding port 0 is used. The responder is ready when
 * its output shows "waiting for OCSP client connections"; nothing polls or sleeps. OpenSSL 3.0 does not
 * reliably re-read a changed index, so every change restarts the process on the same port (the URL in the
 * certificates stays right); a start that fails because the port is still busy is retried a bounded number of
 * times, each attempt judged by the process's own output. Methods are synchronized; a request that arrives
 * during a restart may be refused.
 */
public final class OpensslOcspResponder implements AutoCloseable {
    /** What the responder prints once it listens, lower-cased ("Waiting ..." before OpenSSL 3.0). */
    private static final String READY = "waiting for ocsp client connections";
    private static final Pattern ACCEPT = Pattern.compile("^ACCEPT .*:(\\d+)(?: PID=\\d+)?\\s*$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 10;
    private static final int OUTPUT_LINES = 40;
    private static final DateTimeFormatter INDEX_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** OpenSSL's spelling of the reasons its index accepts, by RFC 5280 code. */
    private static final String[] OPENSSL_REASONS = {
        "unspecified", "keyCompromise", "CACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", null, "removeFromCRL"
    };
    private static volatile Boolean available;

    private final TestCertificate ca;
    private final TestCertificate signer;
    private final Duration nextUpdate;
    private final boolean keyHashResponderId;
    private final Path dir;
    private final Map<BigInteger, String> index = new LinkedHashMap<>();
    private final Deque<String> output = new ArrayDeque<>();
    private Process process;
    private int port;
    private boolean closed;

    private OpensslOcspResponder(Builder b) throws IOException {
        this.ca = b.ca;
        this.signer = b.signer != null ? b.signer : b.ca;
        this.nextUpdate = b.nextUpdate;
        this.keyHashResponderId = b.keyHashResponderId;
        this.dir = Files.createTempDirectory("certgate-openssl-ocsp-");
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem(), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("signer.pem"), signer.certificatePem(), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("signer.key"), signer.privateKeyPem(), StandardCharsets.US_ASCII);
        // Several valid entries may share a subject (re-issued test certificates).
        Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n", StandardCharsets.US_ASCII);
        writeIndex();
    }

    /** Whether an {@code openssl} executable is on the PATH. */
    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
            known = Stream.of(path.split(Pattern.quote(File.pathSeparator)))
                    .filter(p -> !p.isEmpty())
                    .map(p -> Path.of(p, "openssl"))
                    .anyMatch(Files::isExecutable);
            available = known;
        }
        return known;
    }

    /** A builder for a responder for certificates issued by {@code ca}. */
    public static Builder builder(TestCertificate ca) {
        return new Builder(Objects.requireNonNull(ca, "ca"));
    }

    /** Answers {@code good} for {@code cert} from now on; restarts the process. */
    public synchronized OpensslOcspResponder good(X509Certificate cert) {
        index.put(cert.getSerialNumber(), String.join("\t", "V", time(cert.getNotAfter().toInstant()), "",
                serial(cert), "unknown", dn(cert)));
        return changed();
    }

    /**
     * Answers {@code revoked} for {@code cert} from now on; restarts the process.
     *
     * @param revokedAt the revocation time; the index keeps whole seconds
     * @param reason    a CRLReason name OpenSSL's index knows: {@code unspecified}, {@code keyCompromise},
     *                  {@code cACompromise}, {@code affiliationChanged}, {@code superseded},
     *                  {@code cessationOfOperation}, {@code certificateHold} or {@code removeFromCRL}
     */
    public synchronized OpensslOcspResponder revoke(X509Certificate cert, Instant revokedAt, String reason) {
        int code = RevocationReasons.code(reason);
        if (code >= OPENSSL_REASONS.length || OPENSSL_REASONS[code] == null) {
            throw new IllegalArgumentException("OpenSSL's index cannot hold reason [" + reason + "]");
        }
        index.put(cert.getSerialNumber(), String.join("\t", "R", time(cert.getNotAfter().toInstant()),
                time(revokedAt) + "," + OPENSSL_REASONS[code], serial(cert), "unknown", dn(cert)));
        return changed();
    }

    /** Forgets {@code cert}, so it is answered {@code unknown} again; restarts the process. */
    public synchronized OpensslOcspResponder forget(X509Certificate cert) {
        index.remove(cert.getSerialNumber());
        return changed();
    }

    /** The responder's URL, {@code http://127.0.0.1:PORT/}, for a certificate's authorityInfoAccess. */
    public synchronized URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The certificate whose key signs the responses: the CA or the delegated responder. */
    public TestCertificate signer() {
        return signer;
    }

    /** The last lines the process wrote (standard output and error), for assertion messages. */
    public String recentOutput() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Stops the process and deletes its folder, private key included. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "OpensslOcspResponder[" + uri() + ", signer " + signer.certificate().getSubjectX500Principal() + "]";
    }

    private OpensslOcspResponder changed() {
        if (closed) {
            throw new IllegalStateException("the responder is closed");
        }
        try {
            writeIndex();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("index.txt"), e);
        }
        stop();
        launch();
        return this;
    }

    private void writeIndex() throws IOException {
        StringBuilder text = new StringBuilder();
        index.values().forEach(line -> text.append(line).append('\n'));
        Files.writeString(dir.resolve("index.txt"), text, StandardCharsets.US_ASCII);
    }

    /** Starts the process on {@link #port} (0 at first), retrying while the port is busy. */
    private void launch() {
        String why = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Attempt a = attempt(port);
            if (a.port > 0) {
                process = a.process;
                port = a.port;
                return;
            }
            why = a.failure != null ? a.failure : "it did not report the port it took";
            if (port == 0) {
                // This OpenSSL did not report the port it took, or refused port 0: choose one ourselves.
                port = freePort();
            }
        }
        throw new IllegalStateException("openssl ocsp did not start on port " + port + " in " + START_ATTEMPTS
                + " attempts: " + why + "\n" + recentOutput());
    }

    private record Attempt(Process process, int port, String failure) {
    }

    /** One start; {@code port > 0} when ready, 0 when ready on an unreported port (then stopped), -1 on failure. */
    private Attempt attempt(int requestedPort) {
        List<String> command = new ArrayList<>(List.of("openssl", "ocsp",
                "-index", "index.txt", "-port", Integer.toString(requestedPort),
                "-rsigner", "signer.pem", "-rkey", "signer.key", "-CA", "ca.pem", "-ignore_err"));
        long minutes = nextUpdate.toMinutes();
        if (minutes % (24 * 60) == 0) {
            command.addAll(List.of("-ndays", Long.toString(minutes / (24 * 60))));
        } else {
            command.addAll(List.of("-nmin", Long.toString(minutes)));
        }
        if (keyHashResponderId) {
            command.add("-resp_key_id");
        }
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl", e);
        }
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(p, requestedPort, ready), "openssl-ocsp-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int actual = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (actual == 0) {
                destroy(p);
            }
            return new Attempt(p, actual, null);
        } catch (ExecutionException e) {
            destroy(p);
            return new Attempt(null, -1, e.getCause().getMessage());
        } catch (TimeoutException e) {
            destroy(p);
            throw new IllegalStateException("openssl ocsp was not ready within " + START_TIMEOUT + "\n" + recentOutput());
        } catch (InterruptedException e) {
            destroy(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting openssl ocsp", e);
        }
    }

    /** Drains the process's output for its whole life; completes {@code ready} with the port when it listens. */
    private void read(Process p, int requestedPort, CompletableFuture<Integer> ready) {
        int reported = requestedPort;
        boolean reportedPort = requestedPort != 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                remember(line);
                Matcher m = ACCEPT.matcher(line);
                if (m.matches()) {
                    reported = Integer.parseInt(m.group(1));
                    reportedPort = true;
                }
                if (line.toLowerCase(Locale.ROOT).contains(READY)) {
                    ready.complete(reportedPort ? reported : 0);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException("openssl ocsp exited before listening"));
    }

    private void remember(String line) {
        synchronized (output) {
            output.addLast(line);
            while (output.size() > OUTPUT_LINES) {
                output.removeFirst();
            }
        }
    }

    private void stop() {
        if (process != null) {
            destroy(process);
            process = null;
        }
    }

    private static void destroy(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** The serial as OpenSSL's index writes it: upper-case hex, an even number of digits. */
    private static String serial(X509Certificate cert) {
        BigInteger serial = cert.getSerialNumber();
        if (serial.signum() < 0) {
            throw new IllegalArgumentException("OpenSSL's index cannot hold a negative serial: " + serial);
        }
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static String time(Instant t) {
        return INDEX_TIME.format(t);
    }

    private static String dn(X509Certificate cert) {
        return "/" + cert.getSubjectX500Principal().getName().replaceAll("[\\t\\r\\n]", " ");
    }

    /** Builds and starts an {@link OpensslOcspResponder}. */
    public static final class Builder {
        private final TestCertificate ca;
        private TestCertificate signer;
        private Duration nextUpdate = Duration.ofMinutes(60);
        private boolean keyHashResponderId;

        private Builder(TestCertificate ca) {
            this.ca = ca;
        }

        /**
         * Signs with a delegated responder instead of the CA: a certificate issued by the CA with extended key
         * usage {@value TestOcspResponder#OCSP_SIGNING}. Default: the CA signs.
         */
        public Builder signer(TestCertificate delegatedResponder) {
            this.signer = Objects.requireNonNull(delegatedResponder, "delegatedResponder");
            return this;
        }

        /**
         * Sets nextUpdate relative to each response's thisUpdate ({@code -nmin}, or {@code -ndays} for whole
         * days); whole minutes, at least one. Default 60 minutes.
         */
        public Builder nextUpdate(Duration after) {
            if (after.toMinutes() < 1 || !after.equals(Duration.ofMinutes(after.toMinutes()))) {
                throw new IllegalArgumentException("nextUpdate must be whole minutes, at least one: [" + after + "]");
            }
            this.nextUpdate = after;
            return this;
        }

        /** Identifies the signer by key hash ({@code -resp_key_id}) instead of by name. */
        public Builder keyHashResponderId() {
            this.keyHashResponderId = true;
            return this;
        }

        /** Writes the files and starts the process; it is listening when this returns. */
        public OpensslOcspResponder start() {
            OpensslOcspResponder responder;
            try {
                responder = new OpensslOcspResponder(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the openssl ocsp folder", e);
            }
            synchronized (responder) {
                responder.launch();
            }
            return responder;
        }
    }
}
