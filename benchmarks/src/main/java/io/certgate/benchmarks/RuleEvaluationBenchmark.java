package io.certgate.benchmarks;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.identity.ClientIdentity;
import io.certgate.core.rules.Evaluation;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.testing.TestCertificate;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What certgate adds per request: reading the client identity from a verified leaf certificate, evaluating a
 * realistic 50-rule file against it, and the whole front door ({@link CertGate#decide}). Compare with
 * {@link TlsHandshakeBaseline}, measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuleEvaluationBenchmark {

    /** Held so that the logger, and its level, are not garbage-collected (JUL keeps loggers weakly). */
    private static final Logger AUDIT_LOGGER = Logger.getLogger(CertGate.AUDIT_LOGGER);

    /** The expected number of rules; checked in setup. */
    static final int RULE_COUNT = 50;

    /**
     * 50 rules mixing every operator. {@code FINGERPRINT} is replaced by the client certificate's SHA-256
     * fingerprint in setup. Some rules match the benchmark client, most do not, as in a real shared file.
     */
    static final String RULES = """
            # certgate benchmark rules: 50 rules covering every operator.
            principal = spiffe-id, san.email, subject.cn

            # names and issuers
            role svc-checkout     when subject.cn = "svc-checkout" and issuer = "CN=Bench Issuing CA, O=Example Corp"
            role not-root-issued  when issuer != "CN=Bench Root CA, O=Example Corp"
            role legacy-batch     when subject = "CN=legacy-batch, OU=batch, O=Example Corp"
            role payments-unit    when subject.ou = "payments"
            role employee-svc     when subject.o = "Example Corp" and not subject.ou = "contractors"
            role contractor       when subject.ou = "contractors"
            role not-guest        when subject.cn != "guest"
            role teams            when subject.ou in ("payments", "orders", "billing", "shipping")
            role admins           when subject.cn in ("alice", "bob", "carol", "dave", "erin")
            role svc-names        when subject.cn matches "svc-*"
            role svc-regex        when subject.cn ~ "svc-[a-z]+(-[0-9]+)?"
            role germany          when subject.c = "DE"

            # DNS names
            role dns-payments     when san.dns matches "*.payments.svc.example.org"
            role dns-any-svc      when san.dns matches "**.svc.example.org"
            role dns-checkout     when san.dns = "checkout.payments.svc.example.org"
            role dns-public       when san.dns in ("api.example.org", "www.example.org", "admin.example.org")
            role dns-orders       when san.dns ~ "[a-z0-9-]+[.]orders[.]svc[.]example[.]org"

            # email
            role mail-ops         when san.email matches "*@ops.example.org"
            role mail-payments    when san.email matches "*@payments.example.org"
            role mail-checkout    when san.email = "checkout@payments.example.org"
            role mail-security    when san.email in ("security@example.org", "root@example.org")
            role mail-regex       when san.email ~ "[a-z]+@(payments|orders)[.]example[.]org"

            # IP addresses
            role internal         when san.ip in "10.0.0.0/8"
            role dc-a             when san.ip in "10.20.0.0/16"
            role dc-b             when san.ip in "10.30.0.0/16"
            role private-other    when san.ip in ("192.168.0.0/16", "172.16.0.0/12")
            role ula              when san.ip in "fd00::/8"
            role this-host        when san.ip = "10.20.30.40"

            # SPIFFE
            role spiffe-payments  when spiffe-id matches "spiffe://prod.example.org/ns/payments/**"
            role spiffe-orders    when spiffe-id matches "spiffe://prod.example.org/ns/orders/**"
            role spiffe-checkout  when spiffe-id matches "spiffe://prod.example.org/ns/*/sa/checkout"
            role spiffe-exact     when spiffe-id = "spiffe://prod.example.org/ns/payments/sa/checkout"
            role spiffe-staging   when spiffe-id.trust-domain = "staging.example.org"
            role spiffe-prod      when spiffe-id.trust-domain in ("prod.example.org", "prod-eu.example.org")
            role spiffe-path      when spiffe-id.path ~ "/ns/[a-z]+/sa/[a-z-]+"

            # pins, serials, key usage, policies
            role pinned           when fingerprint = "FINGERPRINT"
            role not-blocked      when not fingerprint = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"
            role serial-pinned    when serial = "0a:1b:2c:3d:4e:5f"
            role client-auth      when eku = "clientAuth"
            role server-auth      when eku in ("serverAuth", "codeSigning")
            role eku-pkix         when eku matches "1.3.6.1.5.5.7.3.*"
            role policy-high      when policy = "1.3.6.1.4.1.99999.1.1"

            # presence and composites
            role has-spiffe       when present spiffe-id
            role has-upn          when present san.upn
            role no-guest-dns     when present san.dns and not (san.dns matches "*.guest.example.org" or subject.ou = "guests")
            role ops-or-sre       when (subject.ou in ("ops", "sre") or san.email matches "*@ops.example.org")
                                       and eku = "clientAuth"
            role payments-svc     when (spiffe-id matches "spiffe://prod.example.org/ns/payments/**"
                                        or san.dns matches "*.payments.svc.example.org")
                                       and san.ip in "10.0.0.0/8" and not subject.ou = "contractors"
            role break-glass      when subject.cn = "break-glass" and issuer = "CN=Bench Root CA, O=Example Corp"
                                       and present san.email
            role any-spiffe-uri   when san.uri matches "spiffe://**"
            role no-email         when false or not present san.email
            """;

    /** The roles the benchmark client must get; checked in setup so the rules are known to do real work. */
    static final Set<String> EXPECTED_ROLES = Set.of("svc-checkout", "not-root-issued", "payments-unit",
            "employee-svc", "not-guest", "teams", "svc-names", "svc-regex", "dns-payments", "dns-any-svc",
            "dns-checkout", "mail-payments", "mail-checkout", "mail-regex", "internal", "dc-a", "this-host",
            "spiffe-payments", "spiffe-checkout", "spiffe-exact", "spiffe-prod", "spiffe-path", "pinned",
            "not-blocked", "client-auth", "eku-pkix", "has-spiffe", "no-guest-dns", "payments-svc",
            "any-spiffe-uri");

    static final String SPIFFE_ID = "spiffe://prod.example.org/ns/payments/sa/checkout";

    RuleSet ruleSet;
    CertGate certGate;
    X509Certificate certificate;
    X509Certificate[] chain;
    ClientIdentity identity;

    /** Root, issuing CA and the client certificate the rules are written for. */
    static TestCertificate clientCertificate() {
        TestCertificate root = TestCertificate.builder()
                .subject("CN=Bench Root CA,O=Example Corp")
                .ca(1)
                .build();
        TestCertificate issuing = TestCertificate.builder()
                .subject("CN=Bench Issuing CA,O=Example Corp")
                .ca(0)
                .signedBy(root)
                .build();
        return TestCertificate.builder()
                .subject("CN=svc-checkout,OU=payments,O=Example Corp")
                .sanEmail("checkout@payments.example.org")
                .sanDns("checkout.payments.svc.example.org")
                .sanIp("10.20.30.40")
                .sanUri(SPIFFE_ID)
                .clientAuth()
                .signedBy(issuing)
                .build();
    }

    @Setup
    public void setup() throws Exception {
        AUDIT_LOGGER.setLevel(Level.OFF);

        TestCertificate client = clientCertificate();
        certificate = client.certificate();
        chain = client.chainArray();
        identity = ClientIdentity.of(certificate);

        String rules = RULES.replace("FINGERPRINT", HexFormat.ofDelimiter(":").formatHex(identity.fingerprint()));
        ruleSet = RuleSet.parse("bench.rules", rules);
        certGate = CertGate.builder().rules(ruleSet).build();

        check(ruleSet.rules().size() == RULE_COUNT, "expected " + RULE_COUNT + " rules, parsed "
                + ruleSet.rules().size());
        check(identity.problems().isEmpty(), "identity problems: " + identity.problems());
        Evaluation evaluation = ruleSet.evaluate(identity);
        check(evaluation.principal().equals(java.util.Optional.of(SPIFFE_ID)),
                "unexpected principal " + evaluation.principal());
        check(evaluation.roles().equals(EXPECTED_ROLES), "unexpected roles " + evaluation.roles());
        Decision decision = certGate.decide(chain);
        check(decision instanceof Decision.Authenticated a && a.roles().equals(EXPECTED_ROLES),
                "unexpected decision " + decision);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Evaluates all 50 rules against an identity read beforehand. */
    @Benchmark
    public Evaluation evaluate50Rules() {
        return ruleSet.evaluate(identity);
    }

    /** Reads the identity (names, SANs, SPIFFE ID, fingerprints, EKUs) from the leaf certificate. */
    @Benchmark
    public ClientIdentity extractIdentity() throws Exception {
        return ClientIdentity.of(certificate);
    }

    /** The front door: identity extraction, evaluation of the 50 rules and the audit record (logger off). */
    @Benchmark
    public Decision decide() {
        return certGate.decide(chain);
    }
}
