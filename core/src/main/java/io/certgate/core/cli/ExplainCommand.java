package io.certgate.core.cli;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.config.Configuration;
import io.certgate.core.files.CertificateFile;
import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.identity.DisplayText;
import io.certgate.core.identity.PathFacts;
import io.certgate.core.path.PathBuilder;
import io.certgate.core.rules.AttributeListing;
import io.certgate.core.rules.Evaluation;
import io.certgate.core.rules.PrincipalRefusal;
import io.certgate.core.rules.RuleOutcome;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesException;
import io.certgate.core.rules.TestOutcome;
import io.certgate.core.rules.Truth;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code certgate explain}: which rules match a certificate, and why. */
final class ExplainCommand {
    private Path rulesFile;
    private Path certFile;
    private boolean json;

    ExplainCommand(List<String> args) throws UsageException {
        Options options = new Options("explain", args);
        while (options.hasNext()) {
            String a = options.next();
            switch (a) {
                case "--rules" -> {
                    options.once(a);
                    rulesFile = options.file(a);
                }
                case "--cert" -> {
                    options.once(a);
                    certFile = options.file(a);
                }
                case "--json" -> {
                    options.once(a);
                    json = true;
                }
                default -> throw new UsageException("explain: unknown option '" + Printable.of(a)
                        + "'; expected --rules, --cert, --json");
            }
        }
        if (rulesFile == null || certFile == null) {
            throw new UsageException("explain: --rules RULES and --cert CERT are required");
        }
    }

    int run(PrintStream out) throws UsageException {
        // Both inputs are read before giving up, so that one run reports every problem: one line per error.
        List<String> problems = new ArrayList<>();
        RuleSet rules = null;
        try {
            rules = RuleSet.load(rulesFile);
            // What a server checks beyond the rules: settings that name files (issuers, responder certificates, CRLs).
            Configuration.check(rules, rulesFile.toAbsolutePath().getParent());
        } catch (RulesException e) {
            e.errors().forEach(error -> problems.add(error.toString()));
        }
        CertificateFile certificates = null;
        try {
            certificates = Certificates.read(certFile);
        } catch (UsageException e) {
            problems.addAll(e.lines());
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        List<X509Certificate> chain = certificates.certificates();
        ClientIdentity identity;
        try {
            // The issuer attributes need a verified issuer: one of the file's other certificates whose key the
            // leaf's signature verifies with.
            X509Certificate issuer = PathBuilder.of(List.of()).build(chain.toArray(new X509Certificate[0]))
                    .issuer().orElse(null);
            identity = ClientIdentity.of(chain.get(0)).withPath(PathFacts.of(issuer, null));
        } catch (CertificateFormatException e) {
            throw new UsageException(Printable.of(certFile) + ": " + e.getMessage());
        }
        Evaluation evaluation = rules.explain(identity);
        Decision decision = CertGate.builder().rules(rules).build().decide(chain.toArray(new X509Certificate[0]));
        if (json) {
            Map<String, Object> root = toJson(identity, evaluation, decision);
            root.put("warnings", rules.warnings().stream().map(Object::toString).toList());
            root.put("notes", certificates.notes());
            out.println(Json.write(root));
        } else {
            printText(out, identity, evaluation, decision, rules, certificates.notes());
        }
        return 0;
    }

    private Map<String, Object> toJson(ClientIdentity identity, Evaluation evaluation, Decision decision) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("principal", evaluation.principal().orElse(null));
        root.put("principalAttribute", evaluation.principalAttribute().orElse(null));
        root.put("principalRefusal", evaluation.principalRefusal().map(PrincipalRefusal::message).orElse(null));
        root.put("roles", new ArrayList<>(evaluation.roles()));
        root.put("decision", decision instanceof Decision.Authenticated ? "authenticated" : "denied");
        root.put("reason", decision instanceof Decision.Denied d ? d.reason().name() : null);
        List<Object> ruleList = new ArrayList<>();
        for (RuleOutcome r : evaluation.rules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", r.line());
            m.put("role", r.role());
            m.put("matched", r.matched());
            List<Object> tests = new ArrayList<>();
            for (TestOutcome t : r.tests()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("test", t.test());
                tm.put("result", t.result() == Truth.UNKNOWN ? null : t.result() == Truth.TRUE);
                tm.put("detail", t.detail());
                tests.add(tm);
            }
            m.put("tests", tests);
            ruleList.add(m);
        }
        root.put("rules", ruleList);
        Map<String, Object> id = new LinkedHashMap<>(AttributeListing.of(identity));
        // The listing is for people ("1.3.6.1.5.5.7.3.2 (clientAuth)"); JSON gives the plain OIDs, in place.
        id.computeIfPresent("eku", (k, v) -> List.copyOf(identity.extendedKeyUsages()));
        id.computeIfPresent("policy", (k, v) -> List.copyOf(identity.policies()));
        id.put("not-before", identity.notBefore().toString());
        id.put("not-after", identity.notAfter().toString());
        root.put("identity", id);
        root.put("problems", identity.problems());
        return root;
    }

    /**
     * A value for the text output: names in RFC 4514 form are escaped already; other values have their invisible
     * characters and backslashes escaped ({@link DisplayText}), so what is shown is what the certificate says.
     */
    private static String shown(String attribute, String value) {
        boolean name = attribute.equals("subject") || attribute.equals("issuer") || attribute.equals("san.dirname");
        return name ? value : DisplayText.escape(value);
    }

    private void printText(PrintStream out, ClientIdentity identity, Evaluation evaluation, Decision decision,
                           RuleSet rules, List<String> notes) {
        out.println("certificate " + Printable.of(certFile));
        notes.forEach(n -> out.println("  note: " + n));
        Map<String, List<String>> attributes = AttributeListing.of(identity);
        int width = attributes.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        attributes.forEach((name, values) -> {
            for (int i = 0; i < values.size(); i++) {
                out.printf("  %-" + width + "s%s%n", i == 0 ? name : "", shown(name, values.get(i)));
            }
        });
        out.printf("  %-" + width + "s%s%n", "not-before", identity.notBefore());
        out.printf("  %-" + width + "s%s%n", "not-after", identity.notAfter());
        if (!identity.problems().isEmpty()) {
            out.println();
            out.println("left out (never matches a rule):");
            identity.problems().forEach(p -> out.println("  " + DisplayText.escape(p)));
        }
        out.println();
        out.println("rules " + Printable.of(rules.source()));
        if (evaluation.rules().isEmpty()) {
            out.println("  (no rules)");
        }
        for (RuleOutcome r : evaluation.rules()) {
            out.printf("  line %-4d %-8s role %s%n", r.line(), r.matched() ? "MATCH" : "no", r.role());
            for (TestOutcome t : r.tests()) {
                out.printf("      %s %s  -> %s%n", t.result() == Truth.TRUE ? "[x]" : t.result() == Truth.UNKNOWN ? "[?]" : "[ ]", t.test(), t.detail());
            }
        }
        if (!rules.warnings().isEmpty()) {
            out.println();
            out.println("warnings:");
            rules.warnings().forEach(w -> out.println("  " + Printable.of(w)));
        }
        out.println();
        String principalLine = evaluation.principal()
                .map(p -> shown(evaluation.principalAttribute().orElse("?"), p) + "  (from "
                        + evaluation.principalAttribute().orElse("?") + ")")
                .orElse("none: " + evaluation.principalRefusal().map(PrincipalRefusal::message).orElse("?"));
        out.println("principal  " + principalLine);
        out.println("roles      " + (evaluation.roles().isEmpty() ? "(none)" : String.join(", ", evaluation.roles())));
        if (decision instanceof Decision.Denied d) {
            out.println("decision   denied: " + d.reason() + " (" + d.message() + ")");
        } else {
            out.println("decision   authenticated");
        }
    }
}
