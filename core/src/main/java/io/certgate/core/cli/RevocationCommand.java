package io.certgate.core.cli;

import io.certgate.core.files.CertificateFile;
import io.certgate.core.files.CrlLoader;
import io.certgate.core.files.FileFormatException;
import io.certgate.core.revocation.CertificateStatus;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.revocation.NetworkSources;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationSources;
import io.certgate.core.revocation.RevocationStatus;
import io.certgate.core.revocation.StaticSources;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code certgate revocation}: the revocation status of a verified chain. Exit 0 when every checked certificate
 * is GOOD, 1 when one is REVOKED, 3 when a status is UNKNOWN (and none revoked), 2 on bad usage.
 */
final class RevocationCommand {
    static final int GOOD = 0;
    static final int REVOKED = 1;
    static final int UNKNOWN = 3;

    private final List<Path> path = new ArrayList<>();
    private final List<Path> crls = new ArrayList<>();
    private final List<Path> certs = new ArrayList<>();
    private final List<Path> responses = new ArrayList<>();
    private final RevocationSettings.Builder settings = RevocationSettings.builder();
    private Instant at;
    private boolean noFetch;
    private boolean json;

    RevocationCommand(List<String> args) throws UsageException {
        Options options = new Options("revocation", args);
        while (options.hasNext()) {
            String a = options.next();
            switch (a) {
                // Repeatable: each adds a file.
                case "--crl" -> crls.add(options.file(a));
                case "--cert" -> certs.add(options.file(a));
                case "--ocsp-response" -> responses.add(options.file(a));
                default -> {
                    options.once(a);
                    single(options, a);
                }
            }
        }
        if (path.isEmpty()) {
            throw new UsageException("revocation: --path ANCHOR [INTERMEDIATE ...] LEAF is required");
        }
    }

    /** An option given at most once. */
    private void single(Options options, String a) throws UsageException {
        switch (a) {
            case "--path" -> path.addAll(options.paths(a, "at least one certificate file"));
            case "--scope" -> {
                String v = options.value(a);
                settings.scope(switch (v) {
                    case "leaf" -> RevocationSettings.Scope.LEAF;
                    case "chain" -> RevocationSettings.Scope.CHAIN;
                    default -> throw new UsageException("revocation: --scope must be leaf or chain, not '" + v + "'");
                });
            }
            case "--mode" -> {
                String m = options.value(a);
                settings.mode(RevocationSettings.Mode.parse(m).orElseThrow(() -> new UsageException(
                        "revocation: --mode must be ocsp-then-crl, crl-then-ocsp, ocsp, crl or off, not '" + m + "'")));
            }
            case "--ocsp-responder" -> {
                String u = options.value(a);
                try {
                    settings.ocspResponder(URI.create(u));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("revocation: --ocsp-responder: " + e.getMessage());
                }
            }
            case "--at" -> at = options.instant(a);
            case "--max-age" -> {
                String d = options.value(a);
                try {
                    settings.maxAge(Duration.parse(d));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    throw new UsageException("revocation: --max-age must be a positive ISO-8601 duration such as PT12H, not '" + d + "'");
                }
            }
            case "--no-fetch" -> noFetch = true;
            case "--json" -> json = true;
            default -> throw new UsageException("revocation: unknown option '" + a + "'; see --help");
        }
    }

    int run(PrintStream out, PrintStream err) throws UsageException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Path p : path) {
            CertificateFile file = read(p, err);
            List<X509Certificate> inFile = file.certificates();
            if (inFile.size() > 1) {
                err.println("certgate: " + Printable.of(p) + " holds " + inFile.size()
                        + " certificates; --path takes the first of each file");
            }
            chain.add(inFile.get(0));
        }
        List<X509Certificate> extra = new ArrayList<>();
        for (Path p : certs) {
            extra.addAll(read(p, err).certificates());
        }
        RevocationSettings built;
        try {
            built = settings.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("revocation: " + e.getMessage());
        }
        List<byte[]> crlBytes = crlFiles(crls, built);
        List<byte[]> responseBytes = new ArrayList<>();
        for (Path p : responses) {
            responseBytes.addAll(Inputs.ocspResponses(p));
        }
        RevocationSources sources = new StaticSources(responseBytes, crlBytes, extra);
        ChainStatus result;
        try (RevocationRuntime runtime = RevocationRuntime.create()) {
            if (!noFetch) {
                sources = NetworkSources.over(sources, built, Clock.systemUTC(), runtime);
            }
            result = new RevocationChecker(built, sources).check(chain, at == null ? Instant.now() : at);
        }
        if (json) {
            out.println(Json.write(toJson(result)));
        } else {
            for (CertificateStatus c : result.certificates()) {
                RevocationStatus s = c.status();
                out.printf("[%d] %s%n    serial %s: %s%n", c.index(), c.certificate().getSubjectX500Principal().getName(),
                        c.certificate().getSerialNumber().toString(16), s);
            }
            out.println("verdict: " + result.verdict());
        }
        return switch (result.verdict()) {
            case GOOD -> GOOD;
            case REVOKED -> REVOKED;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /**
     * The DER CRLs of {@code files} in order, every CRL of each file, read by {@link CrlLoader} as the server reads
     * {@code revocation.crl.files}; each file at most as large as the adapters accept ({@code revocation.crl.max-bytes}).
     */
    static List<byte[]> crlFiles(List<Path> files, RevocationSettings settings) throws UsageException {
        int maxCrlFile = (int) Math.min(Integer.MAX_VALUE - 8, settings.maxCrlBytes());
        List<byte[]> crlBytes = new ArrayList<>();
        for (Path p : files) {
            byte[] bytes = Inputs.read(p, maxCrlFile, Inputs.Kind.CRL);
            try {
                crlBytes.addAll(CrlLoader.read(bytes));
            } catch (FileFormatException e) {
                throw new UsageException(Printable.of(p) + ": " + e.where());
            }
        }
        return crlBytes;
    }

    /** A certificate file, its notes printed as warnings. */
    static CertificateFile read(Path file, PrintStream err) throws UsageException {
        CertificateFile read = Certificates.read(file);
        read.notes().forEach(n -> err.println("certgate: " + Printable.of(file) + ": note: " + n));
        return read;
    }

    private static Map<String, Object> toJson(ChainStatus result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("verdict", result.verdict().name());
        List<Object> list = new ArrayList<>();
        for (CertificateStatus c : result.certificates()) {
            RevocationStatus s = c.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", c.index());
            m.put("subject", c.certificate().getSubjectX500Principal().getName());
            m.put("issuer", c.certificate().getIssuerX500Principal().getName());
            m.put("serial", c.certificate().getSerialNumber().toString(16));
            m.putAll(statusJson(s));
            list.add(m);
        }
        root.put("certificates", list);
        return root;
    }

    /** A status's JSON fields: status, source, revocationTime, reason, cause, thisUpdate, nextUpdate, detail. */
    static Map<String, Object> statusJson(RevocationStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.status().name());
        m.put("source", s.source().name());
        m.put("revocationTime", s.revocationTime().map(Instant::toString).orElse(null));
        m.put("reason", s.reason().orElse(null));
        m.put("cause", s.cause().map(Enum::name).orElse(null));
        m.put("thisUpdate", s.thisUpdate().map(Instant::toString).orElse(null));
        m.put("nextUpdate", s.nextUpdate().map(Instant::toString).orElse(null));
        m.put("detail", s.detail());
        return m;
    }
}
