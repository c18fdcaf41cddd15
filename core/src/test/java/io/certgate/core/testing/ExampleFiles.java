package io.certgate.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes an example PKI and rules file for the explain example of docs/cli.md; run by the build into
 * {@code core/target/example}.
 *
 * <p>Files written: {@code ca.pem} (root), {@code issuing-ca.pem} (intermediate), {@code
 * alice.pem} (alice's chain, leaf first, up to the root), {@code mallory.pem} (the chain of a client
 * whose certificate is revoked), {@code issuing-ca.crl} (the intermediate's CRL in DER, valid for
 * seven days, listing mallory's certificate as revoked for keyCompromise), {@code ca.crl} (the root's CRL in
 * DER, valid for seven days, listing nothing) and {@code example.rules}.
 * Private keys are never written. The certificates are valid from one hour ago for one year. The
 * commands of {@code docs/cli.md} and {@code docs/troubleshooting.md} use these files.
 */
public final class ExampleFiles {

    /** The rules file, matching alice's certificate. */
    static final String RULES = """
            # certgate rules: an example written by the build (core/target/example).
            principal = spiffe-id, san.email, subject.cn

            role admin     when subject.cn = "alice" and issuer = "CN=Example Issuing CA, O=Example"
            role payments  when spiffe-id matches "spiffe://prod.example.org/ns/payments/**"
            role ops       when subject.ou in ("ops", "sre") or san.email matches "*@ops.example.org"
            role internal  when san.ip in "10.0.0.0/8"
            role auditor   when subject.o = "Example" and not subject.ou = "contractors"
            role contractor when subject.ou = "contractors"
            """;

    private ExampleFiles() {
    }

    /**
     * Writes the example files.
     *
     * @param args one argument: the output directory, created if missing; existing files in it
     *     are overwritten
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ExampleFiles OUTPUT_DIRECTORY");
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(Duration.ofDays(365));

        TestCertificate root = TestCertificate.builder()
                .subject("CN=Example Root CA,O=Example")
                .ca(1)
                .validity(notBefore, notAfter)
                .build();
        TestCertificate issuing = TestCertificate.builder()
                .subject("CN=Example Issuing CA,O=Example")
                .ca(0)
                .validity(notBefore, notAfter)
                .signedBy(root)
                .build();
        TestCertificate alice = TestCertificate.builder()
                .subject("CN=alice,OU=ops,O=Example")
                .sanEmail("alice@ops.example.org")
                .sanUri("spiffe://prod.example.org/ns/payments/sa/checkout")
                .sanIp("10.1.2.3")
                .clientAuth()
                .validity(notBefore, notAfter)
                .signedBy(issuing)
                .build();

        TestCertificate mallory = TestCertificate.builder()
                .subject("CN=mallory,OU=contractors,O=Example")
                .sanEmail("mallory@example.org")
                .clientAuth()
                .validity(notBefore, notAfter)
                .signedBy(issuing)
                .build();
        byte[] crl = TestCrl.builder(issuing)
                .thisUpdate(now)
                .nextUpdate(now.plus(Duration.ofDays(7)))
                .revoke(mallory.certificate(), now, "keyCompromise")
                .build().der();

        write(dir.resolve("ca.pem"), root.certificatePem());
        write(dir.resolve("issuing-ca.pem"), issuing.certificatePem());
        write(dir.resolve("alice.pem"), alice.chainPem());
        write(dir.resolve("mallory.pem"), mallory.chainPem());
        Files.write(dir.resolve("issuing-ca.crl"), crl);
        Files.write(dir.resolve("ca.crl"), TestCrl.builder(root).thisUpdate(now)
                .nextUpdate(now.plus(Duration.ofDays(7))).build().der());
        write(dir.resolve("example.rules"), RULES);
        System.out.println("example written to " + dir);
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
