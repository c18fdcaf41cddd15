package io.certgate.core.cli;

import io.certgate.core.testing.Conformance;
import io.certgate.core.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * NIST PKITS (2011 edition) path validation, sections 4.1-4.13 and 4.16, as listed in
 * {@code ../shared/conformance/pkits-path-cases.tsv}: every row runs through {@code certgate verify} (the code path
 * of the {@code trust.anchors} setting) with the row's trust anchor, path, CRLs, CRL signers and RFC 5280 policy
 * inputs at 2011-04-15T00:00:00Z, with the arguments of the corpus runner ({@code run pkits-path}). The exit code
 * must be 0 for a valid row and 1 for an invalid one, except for the rows in {@link #DEVIATIONS}, which must give
 * the opposite answer (docs/security.md, "Path validation conformance"), so a deviation that disappears or a new one
 * fails the suite. Skipped when the corpus is absent.
 */
class PkitsPathValidationTest {
    static final String AT = "2011-04-15T00:00:00Z";

    /** Rows where certgate's answer differs from PKITS's, with the reason. */
    static final Map<String, String> DEVIATIONS = Map.of(
            "4.10.13#3", "the JDK's PKIX validator prunes the policy tree after each certificate (RFC 5280 6.1.5 (g)(iii)"
                    + " applied early): the P1 node at depth 1 goes, and the end entity's P2 then hangs below the depth-1"
                    + " anyPolicy node, so the tree is not empty and the path is accepted; PKITS expects it rejected");

    /**
     * Rows that are invalid only because of revocation: without their CRLs (path validation alone, the part of
     * {@code trust.anchors} before revocation checking) they are valid. Besides these, the invalid rows of section
     * 4.4 (basic revocation).
     */
    static final Set<String> INVALID_BY_REVOCATION = Set.of(
            "4.5.2", "4.5.5", "4.5.7", // revoked on a CRL signed by a self-issued key
            "4.7.4", "4.7.5"); // the CRL's signer lacks cRLSign

    /** For some rows the command refuses, the exact reason: the certificate (counted from the leaf) and what failed. */
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("4.1.2", "certificate 1 (CN=Bad Signed CA,O=Test Certificates 2011,C=US): signature does not"
                    + " verify with the key of trust anchor CN=Trust Anchor,O=Test Certificates 2011,C=US"),
            Map.entry("4.1.3", "certificate 0 (CN=Invalid EE Signature Test3,O=Test Certificates 2011,C=US):"
                    + " signature does not verify with the key of presented certificate CN=Good CA,O=Test Certificates"
                    + " 2011,C=US"),
            Map.entry("4.2.1", "certificate 1 (CN=Bad notBefore Date CA,O=Test Certificates 2011,C=US): not valid before"
                    + " 2047-01-01T12:01:00Z (validation time 2011-04-15T00:00:00Z)"),
            Map.entry("4.3.1", "certificate 0 (CN=Invalid Name Chaining EE Certificate Test1,O=Test Certificates"
                    + " 2011,C=US): its issuer CN=Good CA Root,O=Test Certificates 2011,C=US is neither a trust anchor"
                    + " nor among the presented certificates"),
            Map.entry("4.4.1", "certificate 0 (CN=Invalid Missing CRL EE Certificate Test1,O=Test Certificates 2011,C=US):"
                    + " revocation status unknown (OUT_OF_SCOPE), refused: serial 0x1 (issuer CN=No CRL CA,O=Test"
                    + " Certificates 2011,C=US): no CRL is issued by CN=No CRL CA,O=Test Certificates 2011,C=US; the"
                    + " one available is the CRL of CN=Trust Anchor,O=Test Certificates 2011,C=US, number 1"),
            Map.entry("4.6.1", "certificate 1 (CN=Missing basicConstraints CA,O=Test Certificates 2011,C=US) is not a CA"
                    + " certificate (basicConstraints) but issued certificate 0"),
            Map.entry("4.7.1", "certificate 1 (CN=keyUsage Critical keyCertSign False CA,O=Test Certificates"
                    + " 2011,C=US): key usage does not allow signing certificates"),
            Map.entry("4.13.2", "certificate 0 (CN=Invalid DN nameConstraints EE Certificate"
                    + " Test2,OU=excludedSubtree1,O=Test Certificates 2011,C=US): a name is outside the name constraints"
                    + " of a certificate above it"));

    record Row(String id, String section, String description, boolean valid, List<String> args) {
        @Override
        public String toString() {
            return id + " " + description;
        }
    }

    static Stream<Row> rows() throws IOException {
        Path root = Conformance.root().orElse(null);
        Prerequisites.require(root != null, "../shared/conformance");
        Path d = root.resolve("pkits");
        List<String> lines = Files.readAllLines(root.resolve("pkits-path-cases.tsv"), StandardCharsets.UTF_8);
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            List<String> args = new ArrayList<>(List.of("verify", "--at", AT, "--anchor",
                    d.resolve("certs/TrustAnchorRootCertificate.crt").toString(), "--path"));
            split(f[4]).forEach(x -> args.add(d.resolve(x).toString()));
            args.add(d.resolve(f[3]).toString());
            split(f[5]).forEach(x -> args.addAll(List.of("--crl", d.resolve(x).toString())));
            split(f[8]).forEach(x -> args.addAll(List.of("--cert", d.resolve(x).toString())));
            split(f[12]).forEach(x -> args.addAll(List.of("--policy", x)));
            if (f[13].equals("true")) {
                args.add("--explicit-policy");
            }
            if (f[14].equals("true")) {
                args.add("--inhibit-mapping");
            }
            if (f[15].equals("true")) {
                args.add("--inhibit-any-policy");
            }
            out.add(new Row(f[0], f[1], f[2], f[6].equals("valid"), args));
        }
        return out.stream();
    }

    private static List<String> split(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    @Test
    void theTableHasAllRowsAndEveryListedRowExists() throws IOException {
        List<Row> all = rows().toList();
        assertEquals(214, all.size());
        assertEquals(101, all.stream().filter(Row::valid).count());
        Set<String> ids = all.stream().map(Row::id).collect(Collectors.toSet());
        Set<String> listed = new TreeSet<>(DEVIATIONS.keySet());
        listed.addAll(REASONS.keySet());
        listed.removeAll(ids);
        assertEquals(Set.of(), listed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void pkits(Row row) {
        StringBuilder output = new StringBuilder();
        int code = verify(row.args(), output);
        boolean expectValid = row.valid() != DEVIATIONS.containsKey(row.id());
        assertEquals(expectValid ? VerifyCommand.VALID : VerifyCommand.INVALID, code,
                row + (DEVIATIONS.containsKey(row.id()) ? " (listed deviation)" : "") + "\n" + output);
        String reason = REASONS.get(row.id());
        if (reason != null) {
            String verdict = output.toString().lines().filter(l -> l.startsWith("verdict: ")).findFirst().orElse("");
            assertEquals("verdict: invalid: " + reason, verdict.substring(0,
                    Math.min(verdict.length(), ("verdict: invalid: " + reason).length())), output.toString());
        }
    }

    /**
     * Path validation alone, the rows without their CRLs and CRL signers: only the rows made invalid by revocation
     * change (to valid).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void pkitsWithoutRevocation(Row row) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < row.args().size(); i++) {
            String a = row.args().get(i);
            if (a.equals("--crl") || a.equals("--cert")) {
                i++;
            } else {
                args.add(a);
            }
        }
        boolean byRevocation = !row.valid() && (row.section().startsWith("4.4 ") || INVALID_BY_REVOCATION.contains(row.id()));
        boolean expectValid = (row.valid() || byRevocation) != row.id().equals("4.10.13#3");
        StringBuilder output = new StringBuilder();
        int code = verify(args, output);
        assertEquals(expectValid ? VerifyCommand.VALID : VerifyCommand.INVALID, code, row + "\n" + output);
        assertEquals(true, output.toString().contains("revocation: not checked (no --crl given)") == expectValid, row
                + "\n" + output);
    }

    private static int verify(List<String> args, StringBuilder output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        output.append(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        return code;
    }
}
