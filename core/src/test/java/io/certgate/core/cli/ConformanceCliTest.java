package io.certgate.core.cli;

import io.certgate.core.testing.Conformance;
import io.certgate.core.testing.Prerequisites;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance corpora driven through the command line, with the arguments and exit-code judgement of the
 * corpus runner: {@code certgate revocation} must exit 0 for GOOD/valid, 1 for REVOKED, 3 for UNKNOWN, and 1 or 3
 * for an invalid path. Rows where certgate decides otherwise on purpose are listed in {@link #DIFFERENCES} (see
 * docs/revocation.md) and must give certgate's documented answer. Skipped when the corpora are absent.
 */
class ConformanceCliTest {
    /** Row to the exit code certgate gives on purpose. */
    static final Map<String, Integer> DIFFERENCES = Map.of(
            "boringssl-crl bad_idp_indirectcrl.pem", 0,
            "boringssl-crl bad_crldp_has_crlissuer.pem", 0,
            "certvalidator-ocsp delegated_with_intermediate_success", 3);

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> corpora() throws IOException {
        Path root = Conformance.root().orElse(null);
        Prerequisites.require(root != null, "../shared/conformance");
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] row : rows(root.resolve("pkits-revocation-cases.tsv"))) {
            Path d = root.resolve("pkits");
            List<String> args = new ArrayList<>(List.of("revocation", "--scope", "chain", "--no-fetch", "--at",
                    "2011-04-15T00:00:00Z", "--path", d.resolve("certs/TrustAnchorRootCertificate.crt").toString()));
            split(row[4]).forEach(x -> args.add(d.resolve(x).toString()));
            args.add(d.resolve(row[3]).toString());
            split(row[5]).forEach(x -> args.addAll(List.of("--crl", d.resolve(x).toString())));
            split(row.length > 8 ? row[8] : "").forEach(x -> args.addAll(List.of("--cert", d.resolve(x).toString())));
            tests.add(test("pkits " + row[0] + " " + row[2], row[6], args));
        }
        Path ocsp = root.resolve("boringssl-ocsp");
        for (String[] row : rows(ocsp.resolve("expected.tsv"))) {
            tests.add(test("boringssl-ocsp " + row[0], row[5], List.of("revocation", "--scope", "leaf", "--no-fetch",
                    "--at", row[7], "--max-age", "PT" + row[8] + "S", "--path", ocsp.resolve(row[2]).toString(),
                    ocsp.resolve(row[3]).toString(), "--ocsp-response", ocsp.resolve(row[1]).toString())));
        }
        Path crl = root.resolve("boringssl-crl");
        for (String[] row : rows(crl.resolve("expected.tsv"))) {
            List<String> args = new ArrayList<>(List.of("revocation", "--scope", "leaf", "--no-fetch", "--at", row[7],
                    "--max-age", "PT" + row[8] + "S", "--path", crl.resolve(row[2]).toString(), crl.resolve(row[3]).toString(),
                    "--crl", crl.resolve(row[1]).toString()));
            if (!row[4].isEmpty()) {
                args.addAll(List.of("--cert", crl.resolve(row[4]).toString()));
            }
            tests.add(test("boringssl-crl " + row[0], row[5], args));
        }
        Path cv = root.resolve("openssl-ocsp");
        for (String[] row : rows(cv.resolve("expected-certvalidator.tsv"))) {
            List<String> args = new ArrayList<>(List.of("revocation", "--scope", "chain", "--no-fetch", "--at", row[6],
                    "--path", cv.resolve(row[1]).toString()));
            split(row[2]).forEach(x -> args.add(cv.resolve(x).toString()));
            args.add(cv.resolve(row[3]).toString());
            for (String ors : split(row[4])) {
                Path der = tmp.resolve(ors + ".der");
                Files.write(der, Base64.getMimeDecoder().decode(Files.readString(cv.resolve(ors)).strip()));
                args.addAll(List.of("--ocsp-response", der.toString()));
            }
            tests.add(test("certvalidator-ocsp " + row[0], row[7], args));
        }
        return tests.stream();
    }

    private static DynamicTest test(String name, String expected, List<String> args) {
        return DynamicTest.dynamicTest(name, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            Integer documented = DIFFERENCES.get(name);
            boolean ok = documented != null ? code == documented : switch (expected) {
                case "GOOD", "valid" -> code == 0;
                case "REVOKED" -> code == 1;
                case "UNKNOWN" -> code == 3;
                case "invalid" -> code == 1 || code == 3;
                default -> false;
            };
            assertTrue(ok, name + ": expected " + expected + ", exit code " + code + "\n" + out.toString(StandardCharsets.UTF_8));
        });
    }

    /** The rows of a TSV file after its header, empty columns kept. */
    private static List<String[]> rows(Path tsv) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                out.add(line.split("\t", -1));
            }
        }
        return out;
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
}
