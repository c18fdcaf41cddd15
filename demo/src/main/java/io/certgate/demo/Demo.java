package io.certgate.demo;

import io.certgate.demo.container.Container;
import io.certgate.demo.container.ServerConfig;
import io.certgate.demo.pki.DemoClient;
import io.certgate.demo.pki.DemoPki;
import io.certgate.demo.pki.PkiFiles;
import io.certgate.demo.responder.RevocationServer;
import io.certgate.demo.responder.Revocations;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.certgate.demo.Probe.Expected.FORBIDDEN;
import static io.certgate.demo.Probe.Expected.HANDSHAKE_REFUSED;
import static io.certgate.demo.Probe.Expected.OK;
import static io.certgate.demo.Probe.Expected.REFUSED;

/**
 * One run of the demo: makes the PKI, starts the revocation server and the container with the sample WAR,
 * probes it with every client, prints the table and the {@code curl} commands, and (with {@code --serve}) keeps
 * serving until the JVM shuts down. {@link #close()} stops everything; it is safe to call more than once.
 */
final class Demo implements AutoCloseable {
    /** The table's requests, in order. */
    static final List<Probe> PROBES = List.of(
            new Probe(DemoPki.ADMIN, "/whoami", OK),
            new Probe(DemoPki.ADMIN, "/admin/", OK),
            new Probe(DemoPki.ADMIN, "/api/", OK),
            new Probe(DemoPki.READER, "/admin/", FORBIDDEN),
            new Probe(DemoPki.READER, "/api/", OK),
            new Probe(DemoPki.PAYMENTS, "/payments/", OK),
            new Probe(DemoPki.PAYMENTS, "/admin/", FORBIDDEN),
            new Probe(DemoPki.REVOKED, "/whoami", REFUSED),
            new Probe(DemoPki.UNTRUSTED, "/whoami", HANDSHAKE_REFUSED));

    private final Options options;
    private final DemoLayout layout;
    private final PrintStream out;
    private DemoLog log;
    private RevocationServer revocationServer;
    private Container container;
    private boolean closed;

    Demo(Options options, DemoLayout layout, PrintStream out) {
        this.options = options;
        this.layout = layout;
        this.out = out;
    }

    /**
     * Runs the demo up to the table and the commands.
     *
     * @return whether every request was answered as expected
     * @throws DemoFailure when a part of the demo cannot start
     */
    boolean run() throws Exception {
        layout.check();
        log = DemoLog.open(layout.log());
        delete(layout.pki());
        delete(layout.work());

        DemoPki pki = startRevocationServer();
        PkiFiles files = PkiFiles.write(pki, layout.pki());
        URI base = startContainer(files);
        printHeader(base, files);

        Prober prober = new Prober(base, pki.root().certificate(), log);
        List<Prober.Result> results = new ArrayList<>();
        for (DemoClient client : pki.clients()) {
            List<Probe> mine = PROBES.stream().filter(p -> p.client().equals(client.name())).toList();
            results.addAll(prober.run(client, mine));
        }
        printTable(results);
        boolean expected = printVerdict(results);
        out.println();
        printCommands(base, files, pki);
        return expected;
    }

    /** Binds the revocation server, issues the PKI naming it, revokes the revoked client and starts serving. */
    private DemoPki startRevocationServer() throws IOException, DemoFailure {
        try {
            revocationServer = RevocationServer.bind(options.responderPort());
        } catch (BindException e) {
            throw new DemoFailure("the responder port " + options.responderPort() + " is in use; choose another "
                    + "--responder-port, or leave it out for a free one");
        }
        DemoPki pki = DemoPki.create(revocationServer.ocspUri(), revocationServer.crlUri());
        Revocations revocations = new Revocations();
        for (DemoClient c : pki.clients()) {
            if (c.certificate().chain().contains(pki.issuing().certificate())) {
                revocations.issued(c.certificate().certificate());
            }
        }
        revocations.revoke(pki.client(DemoPki.REVOKED).certificate().certificate(),
                Instant.now().minus(10, ChronoUnit.MINUTES), Revocations.KEY_COMPROMISE);
        revocationServer.start(pki.issuing(), revocations);
        return pki;
    }

    /** Starts the chosen container with the WAR; returns the application's URL. */
    private URI startContainer(PkiFiles files) throws Exception {
        container = options.container().load(layout.lib());
        requireFree(options.port());
        try {
            container.start(new ServerConfig(layout.war(), files.serverStore(), files.trustStore(), PkiFiles.PASSWORD,
                    options.port(), layout.work()));
        } catch (Exception e) {
            throw new DemoFailure(container.description() + " did not start: " + e.getMessage()
                    + " (details in " + DemoLayout.display(layout.log()) + ")", e);
        }
        return URI.create("https://localhost:" + container.port());
    }

    private void printHeader(URI base, PkiFiles files) {
        out.println("certgate demo: the sample WAR, unchanged, on " + container.description() + " at " + base + "/");
        out.println("  PKI of this run      " + DemoLayout.display(files.dir()) + "/  (PKCS#12 password: "
                + PkiFiles.PASSWORD + ")");
        out.println("  OCSP responder       " + revocationServer.ocspUri());
        out.println("  CRL                  " + revocationServer.crlUri());
        out.println("  log, audit records   " + DemoLayout.display(layout.log()));
        out.println();
    }

    /** Prints whether every request got what it should; returns whether so. */
    private boolean printVerdict(List<Prober.Result> results) {
        List<Prober.Result> unexpected = results.stream().filter(r -> !r.asExpected()).toList();
        out.println();
        if (unexpected.isEmpty()) {
            out.println("All " + results.size() + " requests were answered as expected.");
        }
        for (Prober.Result r : unexpected) {
            out.println("UNEXPECTED: " + r.probe().client() + " GET " + r.probe().path() + " got "
                    + (r.answer().status() < 0 ? r.answer().failure() : r.answer().statusText())
                    + ", expected " + r.probe().expected().description());
        }
        return unexpected.isEmpty();
    }

    private void printTable(List<Prober.Result> results) {
        Table table = new Table("client", "request", "status", "principal", "roles");
        for (Prober.Result r : results) {
            table.row(r.probe().client(), "GET " + r.probe().path(), r.answer().statusText(), r.principal(), r.roles());
        }
        table.lines("").forEach(out::println);
        out.println();
        out.println("principal, roles: what /whoami?format=json answered the client (certgate's decision, read through");
        out.println("standard request attributes); a refusal's reason comes from certgate's audit record in the log.");
    }

    private void printCommands(URI base, PkiFiles files, DemoPki pki) {
        out.println((options.serve() ? "Try it" : "Try it (run with --serve to keep the servers up)")
                + " with curl; each client's files are in " + DemoLayout.display(files.dir()) + "/:");
        String ca = DemoLayout.display(files.caPem());
        for (DemoClient c : pki.clients()) {
            PkiFiles.ClientFiles f = files.clients().get(c.name());
            String path = PROBES.stream().filter(p -> p.client().equals(c.name()))
                    .filter(p -> p.expected() == OK).findFirst()
                    .or(() -> PROBES.stream().filter(p -> p.client().equals(c.name())).findFirst())
                    .map(Probe::path).orElse("/whoami");
            out.println("  curl --cacert " + ca + " --cert " + DemoLayout.display(f.chain()) + " --key "
                    + DemoLayout.display(f.key()) + " " + base + path);
        }
        out.println("In a browser: import " + DemoLayout.display(files.clients().get(DemoPki.ADMIN).keyStore())
                + " (password " + PkiFiles.PASSWORD + "), trust " + ca + ", open " + base + "/");
    }

    /** Blocks until the JVM shuts down (Ctrl-C); a shutdown hook stops the servers. */
    void serveUntilShutdown() throws InterruptedException {
        Object forever = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            out.println("Stopped.");
        }, "certgate-demo-shutdown"));
        out.println();
        out.println("Serving until Ctrl-C.");
        synchronized (forever) {
            while (true) {
                forever.wait();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (container != null) {
            try {
                container.close();
            } catch (RuntimeException e) {
                out.println("certgate-demo: stopping the container failed: " + e);
            }
        }
        if (revocationServer != null) {
            revocationServer.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** Fails early, with a clear message, when the HTTPS port is taken. */
    private static void requireFree(int port) throws DemoFailure, IOException {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new DemoFailure("the port " + port + " is in use; choose another --port, or leave it out for a free one");
        }
    }

    /** Deletes a folder of an earlier run. */
    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
