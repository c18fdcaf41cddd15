package io.certgate.core.cli;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import io.certgate.core.path.PkixValidation;
import io.certgate.core.revocation.CertificateStatus;
import io.certgate.core.revocation.ChainStatus;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationStatus;
import io.certgate.core.revocation.StaticSources;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code certgate verify}: RFC 5280 path validation against trust anchors, exactly as the {@code trust.anchors}
 * setting runs it ({@link PkixValidation}), then, when CRL files are given, certgate's revocation checking of every
 * certificate of the validated path from those files only (mode crl, scope chain; nothing is fetched). Exit 0 when the
 * path is valid (and no certificate is REVOKED or UNKNOWN), 1 when it is not, 2 on bad usage.
 */
final class VerifyCommand {
    static final int VALID = 0;
    static final int INVALID = 1;

    private final List<Path> anchors = new ArrayList<>();
    private final List<Path> path = new ArrayList<>();
    private final List<Path> crls = new ArrayList<>();
    private final List<Path> certs = new ArrayList<>();
    private final Set<String> policies = new LinkedHashSet<>();
    private Instant at;
    private boolean explicitPolicy;
    private boolean inhibitMapping;
    private boolean inhibitAnyPolicy;
    private boolean json;

    VerifyCommand(List<String> args) throws UsageException {
        Options options = new Options("verify", args);
        while (options.hasNext()) {
            String a = options.next();
            switch (a) {
                // Repeatable: each adds a file or a policy.
                case "--anchor" -> anchors.add(options.file(a));
                case "--crl" -> crls.add(options.file(a));
                case "--cert" -> certs.add(options.file(a));
                case "--policy" -> policies.add(policy(options.value(a)));
                default -> {
                    options.once(a);
                    single(options, a);
                }
            }
        }
        if (anchors.isEmpty()) {
            throw new UsageException("verify: --anchor FILE is required: the trust anchors to validate against");
        }
        if (path.isEmpty()) {
            throw new UsageException("verify: --path [INTERMEDIATE ...] LEAF is required");
        }
        if (!certs.isEmpty() && crls.isEmpty()) {
            throw new UsageException("verify: --cert gives CRL signers and is used only with --crl");
        }
    }

    private static String policy(String oid) throws UsageException {
        try {
            new PkixValidation.PolicyInputs(Set.of(oid), false, false, false);
            return oid;
        } catch (IllegalArgumentException e) {
            throw new UsageException("verify: --policy must be a dotted OID such as 2.5.29.32.0, not '"
                    + Printable.of(oid) + "'");
        }
    }

    /** An option given at most once. */
    private void single(Options options, String a) throws UsageException {
        switch (a) {
            case "--path" -> path.addAll(options.paths(a, "at least the leaf's certificate file"));
            case "--at" -> at = options.instant(a);
            case "--explicit-policy" -> explicitPolicy = true;
            case "--inhibit-mapping" -> inhibitMapping = true;
            case "--inhibit-any-policy" -> inhibitAnyPolicy = true;
            case "--json" -> json = true;
            default -> throw new UsageException("verify: unknown option '" + Printable.of(a) + "'; see --help");
        }
    }

    int run(PrintStream out, PrintStream err) throws UsageException {
        List<X509Certificate> anchorCertificates = new ArrayList<>();
        for (Path p : anchors) {
            anchorCertificates.addAll(RevocationCommand.read(p, err).certificates());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Path p : path) {
            List<X509Certificate> inFile = RevocationCommand.read(p, err).certificates();
            if (inFile.size() > 1) {
                err.println("certgate: " + Printable.of(p) + " holds " + inFile.size()
                        + " certificates; --path takes the first of each file");
            }
            chain.add(inFile.get(0));
        }
        List<X509Certificate> extra = new ArrayList<>();
        for (Path p : certs) {
            extra.addAll(RevocationCommand.read(p, err).certificates());
        }
        RevocationSettings settings = RevocationSettings.builder().mode(RevocationSettings.Mode.CRL)
                .scope(RevocationSettings.Scope.CHAIN).build();
        List<byte[]> crlBytes = RevocationCommand.crlFiles(crls, settings);
        Instant when = at == null ? Instant.now() : at;

        X509Certificate leaf = chain.get(chain.size() - 1);
        PkixValidation.Result result = PkixValidation.of(anchorCertificates).validate(leaf,
                chain.subList(0, chain.size() - 1), when,
                new PkixValidation.PolicyInputs(policies, explicitPolicy, inhibitMapping, inhibitAnyPolicy));
        String reason = null;
        PkixValidation.Valid valid = null;
        Map<X509Certificate, RevocationStatus> statuses = new IdentityHashMap<>();
        if (result instanceof PkixValidation.Invalid invalid) {
            reason = invalid.reason();
        } else {
            valid = (PkixValidation.Valid) result;
            if (!crls.isEmpty()) {
                ChainStatus revocation = new RevocationChecker(settings, new StaticSources(List.of(), crlBytes, extra))
                        .check(valid.anchorFirst(), when);
                revocation.certificates().forEach(c -> statuses.put(c.certificate(), c.status()));
                List<X509Certificate> leafFirst = valid.path();
                reason = revocation.decisive().map(c -> revocationReason(leafFirst, c)).orElse(null);
            }
        }
        String revocationNote = crls.isEmpty() ? "not checked (no --crl given)"
                : "checked from the --crl files only, every certificate below the anchor";
        if (json) {
            out.println(Json.write(toJson(reason, valid, statuses, when, !crls.isEmpty())));
        } else if (valid != null) {
            out.println("path (leaf first):");
            for (int i = 0; i < valid.path().size(); i++) {
                X509Certificate c = valid.path().get(i);
                RevocationStatus s = statuses.get(c);
                out.printf("  [%d] %s%n      serial %s%s%n", i, subject(c), c.getSerialNumber().toString(16),
                        s == null ? "" : ": " + s);
            }
            out.printf("  anchor: %s, serial %s%n", subject(valid.anchor()), valid.anchor().getSerialNumber().toString(16));
            out.println("revocation: " + revocationNote);
        }
        if (!json) {
            out.println(reason == null ? "verdict: valid" : "verdict: invalid: " + reason);
        }
        return reason == null ? VALID : INVALID;
    }

    /** Why a REVOKED or UNKNOWN status makes the path invalid, naming the certificate as path validation does. */
    private static String revocationReason(List<X509Certificate> leafFirst, CertificateStatus c) {
        int position = leafFirst.indexOf(c.certificate());
        RevocationStatus s = c.status();
        String who = "certificate " + position + " (" + subject(c.certificate()) + ")";
        return s.status() == RevocationStatus.Status.REVOKED ? who + ": revoked: " + s.detail()
                : who + ": revocation status unknown (" + s.cause().map(Enum::name).orElse("UNKNOWN")
                + "), refused: " + s.detail();
    }

    private static String subject(X509Certificate c) {
        try {
            return DistinguishedName.fromDer(c.getSubjectX500Principal().getEncoded()).toString();
        } catch (CertificateFormatException e) {
            return "an unreadable name";
        }
    }

    private static Map<String, Object> toJson(String reason, PkixValidation.Valid valid,
                                              Map<X509Certificate, RevocationStatus> statuses, Instant when,
                                              boolean revocationChecked) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("valid", reason == null);
        root.put("reason", reason);
        root.put("at", when.toString());
        root.put("revocationChecked", revocationChecked);
        if (valid == null) {
            root.put("path", null);
            root.put("anchor", null);
            return root;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < valid.path().size(); i++) {
            X509Certificate c = valid.path().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("subject", subject(c));
            m.put("issuer", issuer(c));
            m.put("serial", c.getSerialNumber().toString(16));
            RevocationStatus s = statuses.get(c);
            m.put("revocation", s == null ? null : RevocationCommand.statusJson(s));
            list.add(m);
        }
        root.put("path", list);
        Map<String, Object> anchor = new LinkedHashMap<>();
        anchor.put("subject", subject(valid.anchor()));
        anchor.put("serial", valid.anchor().getSerialNumber().toString(16));
        root.put("anchor", anchor);
        return root;
    }

    private static String issuer(X509Certificate c) {
        try {
            return DistinguishedName.fromDer(c.getIssuerX500Principal().getEncoded()).toString();
        } catch (CertificateFormatException e) {
            return "an unreadable name";
        }
    }
}
