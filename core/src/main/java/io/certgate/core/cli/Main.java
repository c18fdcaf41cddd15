package io.certgate.core.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code certgate} command line. Exit codes: 0 success, 2 bad usage or unreadable input; commands may
 * define more.
 */
public final class Main {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: certgate COMMAND [OPTIONS]",
            "",
            "commands:",
            "  explain --rules RULES --cert CERT [--json]",
            "      Evaluates a rules file against a certificate and shows the certificate's identity (every",
            "      attribute the rules can address), each rule with whether it matched and why, the principal",
            "      and the roles. CERT is PEM or DER (at most 1 MiB); with a chain, the first certificate is the",
            "      client's; keys and other PEM blocks beside the certificates are passed over.",
            "      --json prints one JSON object (ASCII) with principal, roles, rules, identity, warnings and notes.",
            "      Exit 0 when the rules were evaluated (also when no role matched), 2 on bad input.",
            "  revocation --path ANCHOR [INTERMEDIATE ...] LEAF [--scope leaf|chain]",
            "             [--mode ocsp-then-crl|crl-then-ocsp|ocsp|crl|off] [--crl FILE]... [--cert FILE]...",
            "             [--ocsp-response FILE]... [--ocsp-responder URL] [--at INSTANT] [--max-age DURATION]",
            "             [--no-fetch] [--json]",
            "      Checks the revocation status of a verified chain: one PEM or DER file per certificate, trust",
            "      anchor first, leaf last (a file holding several certificates contributes its first).",
            "      --scope: the leaf only (default) or every certificate below the anchor. --mode: sources and order",
            "      (default ocsp-then-crl). --crl, --ocsp-response (DER, PEM or base64) and --cert (CRL signers,",
            "      responders, issuers) supply data; --at sets the validation time (ISO-8601 instant, default now);",
            "      --max-age bounds the age of answers (ISO-8601 duration); --no-fetch forbids network access.",
            "      Exit 0 when every checked certificate is GOOD, 1 when one is REVOKED, 3 when a status is",
            "      UNKNOWN and none is revoked, 2 on bad usage or unreadable input.",
            "  verify --anchor FILE... --path [INTERMEDIATE ...] LEAF [--cert FILE]... [--crl FILE]... [--at INSTANT]",
            "         [--policy OID]... [--explicit-policy] [--inhibit-mapping] [--inhibit-any-policy] [--json]",
            "      Validates the path from LEAF to a trust anchor as the trust.anchors setting does (RFC 5280: signatures,",
            "      validity at --at (default now), name chaining, basic and name constraints, key usage, policies with",
            "      the RFC 5280 inputs --policy (repeatable; default any policy), --explicit-policy, --inhibit-mapping and",
            "      --inhibit-any-policy). --anchor files (repeatable) may hold several certificates; --path takes the",
            "      first certificate of each file, in any order, the leaf last. With --crl, every certificate below the",
            "      anchor is checked for revocation from the --crl files only (with --cert for CRL signers); REVOKED and",
            "      UNKNOWN make the path invalid. Without --crl, revocation is not checked. Nothing is fetched.",
            "      --json prints one JSON object with valid, reason, at, revocationChecked, path and anchor.",
            "      Exit 0 when valid, 1 when invalid, 2 on bad usage or unreadable input.",
            "  help",
            "      Prints this text.",
            "",
            "Options are given once each (revocation's --crl, --cert and --ocsp-response, and verify's --anchor, --crl,",
            "--cert and --policy repeat). Rules files are described in docs/rules.md, this tool in docs/cli.md.");

    /** Held so the setting is not lost to garbage collection: explain's decisions are not audit events. */
    private static final java.util.logging.Logger AUDIT = java.util.logging.Logger.getLogger(
            io.certgate.core.CertGate.AUDIT_LOGGER);

    private Main() {
    }

    /**
     * Runs the command line and exits with its code. Standard output is written in UTF-8 whatever the locale (under
     * the C locale the JVM's default would turn every non-ASCII character of a certificate into {@code ?}).
     */
    public static void main(String[] args) {
        AUDIT.setLevel(java.util.logging.Level.OFF);
        logAsMessages(System.err);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = run(args, out, System.err);
        } finally {
            out.flush();
        }
        System.exit(code);
    }

    /**
     * Shows what certgate logs while a command runs (a CRL file it skips, {@code revocation.on-unknown = allow}) as
     * one {@code certgate: warning: …} line each on {@code err}, like the command's own messages, instead of the
     * two-line records of java.util.logging's console handler.
     */
    static void logAsMessages(PrintStream err) {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Formatter text = new java.util.logging.SimpleFormatter();
        root.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (isLoggable(record)) {
                    String level = record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() ? "error" : "warning";
                    err.println("certgate: " + level + ": " + Printable.of(text.formatMessage(record)));
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                flush();
            }
        });
    }

    /** Runs a command and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "explain":
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.println(USAGE);
                        return 0;
                    }
                    return new ExplainCommand(rest).run(out);
                case "revocation":
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.println(USAGE);
                        return 0;
                    }
                    return new RevocationCommand(rest).run(out, err);
                case "verify":
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.println(USAGE);
                        return 0;
                    }
                    return new VerifyCommand(rest).run(out, err);
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + Printable.of(args[0]) + "'; expected explain, revocation, verify or help (see --help)");
            }
        } catch (UsageException e) {
            // One line per problem, whatever the problem quotes.
            e.lines().forEach(line -> err.println("certgate: " + Printable.of(line)));
            return 2;
        }
    }
}
