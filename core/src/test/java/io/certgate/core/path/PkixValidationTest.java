package io.certgate.core.path;

import io.certgate.core.testing.TestCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PkixValidationTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String POLICY_A = "1.3.6.1.4.1.55555.1.1";
    private static final String POLICY_B = "1.3.6.1.4.1.55555.1.2";

    private static final TestCertificate ROOT = TestCertificate.builder().subject("CN=Root,O=Example").ca(-1).build();
    private static final TestCertificate INTERMEDIATE = TestCertificate.builder().subject("CN=Issuing CA,O=Example")
            .ca(-1).signedBy(ROOT).build();
    private static final TestCertificate LEAF = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth()
            .signedBy(INTERMEDIATE).build();
    private static final TestCertificate UNRELATED = TestCertificate.builder().subject("CN=Other CA").ca(-1).build();

    private static final PkixValidation VALIDATION = PkixValidation.of(List.of(ROOT.certificate()));

    private static PkixValidation.Result validate(TestCertificate leaf, TestCertificate... others) {
        return VALIDATION.validate(leaf.certificate(), certificates(others), NOW, PkixValidation.PolicyInputs.DEFAULT);
    }

    private static List<X509Certificate> certificates(TestCertificate... certs) {
        return Arrays.stream(certs).map(TestCertificate::certificate).toList();
    }

    private static String reason(PkixValidation.Result result) {
        return assertInstanceOf(PkixValidation.Invalid.class, result).reason();
    }

    @Test
    void anchorsMustNotBeEmptyOrNull() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> PkixValidation.of(List.of()));
        assertEquals("trust anchors must not be empty: no path could ever be valid", empty.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PkixValidation.of(Arrays.asList(ROOT.certificate(), null)));
    }

    @Test
    void buildsThePathFromShuffledCertificatesWithUnrelatedOnes() {
        PkixValidation.Valid valid = assertInstanceOf(PkixValidation.Valid.class,
                validate(LEAF, UNRELATED, INTERMEDIATE, ROOT));
        assertEquals(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), valid.path());
        assertEquals(ROOT.certificate(), valid.anchor());
        assertEquals(List.of(ROOT.certificate(), INTERMEDIATE.certificate(), LEAF.certificate()), valid.anchorFirst());
    }

    @Test
    void aLeafIssuedByTheAnchorIsAPathOfOne() {
        TestCertificate direct = TestCertificate.builder().subject("CN=bob").signedBy(ROOT).build();
        PkixValidation.Valid valid = assertInstanceOf(PkixValidation.Valid.class,
                VALIDATION.validate(direct.certificate(), null, NOW, PkixValidation.PolicyInputs.DEFAULT));
        assertEquals(List.of(direct.certificate()), valid.path());
    }

    @Test
    void aMissingIntermediateIsNamed() {
        assertEquals("certificate 0 (CN=alice,O=Example): its issuer CN=Issuing CA,O=Example is neither a trust anchor"
                + " nor among the presented certificates", reason(validate(LEAF, UNRELATED)));
    }

    @Test
    void anotherRootWithTheAnchorsNameDoesNotVerify() {
        TestCertificate impostor = TestCertificate.builder().subject("CN=Root,O=Example").ca(-1).build();
        TestCertificate intermediate = TestCertificate.builder().subject("CN=Issuing CA,O=Example").ca(-1)
                .signedBy(impostor).build();
        TestCertificate leaf = TestCertificate.builder().subject("CN=mallory").signedBy(intermediate).build();
        assertEquals("certificate 1 (CN=Issuing CA,O=Example): signature does not verify with the key of trust anchor"
                + " CN=Root,O=Example", reason(validate(leaf, intermediate)));
        assertEquals("certificate 2 (CN=Root,O=Example): signature does not verify with the key of trust anchor"
                + " CN=Root,O=Example", reason(validate(leaf, intermediate, impostor)));
    }

    @Test
    void aSelfSignedLeafThatIsNoAnchorIsRefused() {
        TestCertificate self = TestCertificate.builder().subject("CN=self").build();
        assertEquals("certificate 0 (CN=self) is self-issued and not a trust anchor", reason(validate(self)));
    }

    @Test
    void theAnchorItselfIsNoClientCertificate() {
        assertEquals("certificate 0 (CN=Root,O=Example) is itself a trust anchor; a trust anchor issues client"
                + " certificates and is not one", reason(validate(ROOT)));
        assertEquals("no client certificate", reason(VALIDATION.validate(null, List.of(), NOW,
                PkixValidation.PolicyInputs.DEFAULT)));
    }

    @Test
    void validityIsCheckedAtTheGivenTime() {
        Instant notAfter = NOW.minus(Duration.ofMinutes(10));
        TestCertificate expired = TestCertificate.builder().subject("CN=old").validity(NOW.minus(Duration.ofDays(2)),
                notAfter).signedBy(INTERMEDIATE).build();
        assertEquals("certificate 0 (CN=old): expired at " + notAfter + " (validation time " + NOW + ")",
                reason(validate(expired, INTERMEDIATE)));
        assertInstanceOf(PkixValidation.Valid.class, VALIDATION.validate(expired.certificate(),
                List.of(INTERMEDIATE.certificate()), notAfter.minusSeconds(1), PkixValidation.PolicyInputs.DEFAULT));
        Instant notBefore = NOW.plus(Duration.ofHours(1));
        TestCertificate future = TestCertificate.builder().subject("CN=new").validity(notBefore,
                NOW.plus(Duration.ofDays(2))).signedBy(INTERMEDIATE).build();
        assertEquals("certificate 0 (CN=new): not valid before " + notBefore + " (validation time " + NOW + ")",
                reason(validate(future, INTERMEDIATE)));
    }

    @Test
    void anEndEntityCannotIssue() {
        TestCertificate notCa = TestCertificate.builder().subject("CN=not a CA").signedBy(ROOT).build();
        TestCertificate leaf = TestCertificate.builder().subject("CN=carol").signedBy(notCa).build();
        assertEquals("certificate 1 (CN=not a CA): key usage does not allow signing certificates",
                reason(validate(leaf, notCa)));
        TestCertificate signsButNotCa = TestCertificate.builder().subject("CN=no basic constraints")
                .extension("2.5.29.15", true, keyUsage(KeyUsage.keyCertSign)).signedBy(ROOT).build();
        TestCertificate leaf2 = TestCertificate.builder().subject("CN=carol").signedBy(signsButNotCa).build();
        assertEquals("certificate 1 (CN=no basic constraints) is not a CA certificate (basicConstraints) but issued"
                + " certificate 0", reason(validate(leaf2, signsButNotCa)));
    }

    private static byte[] keyUsage(int bits) {
        try {
            return new KeyUsage(bits).getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pathLengthConstraintsAreEnforced() {
        TestCertificate zero = TestCertificate.builder().subject("CN=pathlen 0").ca(0).signedBy(ROOT).build();
        TestCertificate below = TestCertificate.builder().subject("CN=below").ca(-1).signedBy(zero).build();
        TestCertificate leaf = TestCertificate.builder().subject("CN=dave").signedBy(below).build();
        assertEquals("certificate 1 (CN=below) exceeds the path length constraint (pathLenConstraint) of a certificate"
                + " above it", reason(validate(leaf, below, zero)));
    }

    @Test
    void nameConstraintsAreEnforced() throws Exception {
        byte[] permitted = new NameConstraints(new GeneralSubtree[] {new GeneralSubtree(new GeneralName(
                new X500Name("O=Example")))}, null).getEncoded();
        TestCertificate constrained = TestCertificate.builder().subject("CN=Constrained CA,O=Example").ca(-1)
                .extension("2.5.29.30", true, permitted).signedBy(ROOT).build();
        TestCertificate inside = TestCertificate.builder().subject("CN=erin,O=Example").signedBy(constrained).build();
        TestCertificate outside = TestCertificate.builder().subject("CN=eve,O=Elsewhere").signedBy(constrained).build();
        assertInstanceOf(PkixValidation.Valid.class, validate(inside, constrained));
        assertEquals("certificate 0 (CN=eve,O=Elsewhere): a name is outside the name constraints of a certificate"
                + " above it", reason(validate(outside, constrained)));
    }

    @Test
    void policyInputsAreApplied() {
        TestCertificate ca = TestCertificate.builder().subject("CN=Policy CA").ca(-1).policies(POLICY_A)
                .signedBy(ROOT).build();
        TestCertificate leaf = TestCertificate.builder().subject("CN=frank").policies(POLICY_A).signedBy(ca).build();
        List<X509Certificate> others = List.of(ca.certificate());
        assertInstanceOf(PkixValidation.Valid.class, VALIDATION.validate(leaf.certificate(), others, NOW,
                new PkixValidation.PolicyInputs(Set.of(POLICY_A), true, false, false)));
        String reason = reason(VALIDATION.validate(leaf.certificate(), others, NOW,
                new PkixValidation.PolicyInputs(Set.of(POLICY_B), true, false, false)));
        // The JDK prunes the policy tree after each certificate, so the failure shows at the CA's certificate.
        assertEquals("certificate 1 (CN=Policy CA): no acceptable certificate policy is left and an explicit policy is"
                + " required", reason);
        // Without explicit policy, a path whose policies miss the set is still valid (RFC 5280 §6.1.5).
        assertInstanceOf(PkixValidation.Valid.class, VALIDATION.validate(leaf.certificate(), others, NOW,
                new PkixValidation.PolicyInputs(Set.of(POLICY_B), false, false, false)));
    }

    @Test
    void policyInputsMustBeOids() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PkixValidation.PolicyInputs(Set.of("any"), false, false, false));
        assertEquals("initial policy must be a dotted OID such as 2.5.29.32.0: [any]", e.getMessage());
    }

    @Test
    void anUnknownCriticalExtensionIsRefused() {
        TestCertificate leaf = TestCertificate.builder().subject("CN=grace")
                .extension("1.3.6.1.4.1.55555.9", true, new byte[] {0x05, 0x00}).signedBy(INTERMEDIATE).build();
        assertEquals("certificate 0 (CN=grace) has an unrecognized critical extension",
                reason(validate(leaf, INTERMEDIATE)));
    }

    @Test
    void keysAndAlgorithmsTheJdkDisallowsAreRefused() {
        // jdk.certpath.disabledAlgorithms refuses RSA keys under 1024 bits on a path.
        TestCertificate weak = TestCertificate.builder().subject("CN=weak").rsa(512).signedBy(INTERMEDIATE).build();
        String reason = reason(validate(weak, INTERMEDIATE));
        assertEquals("certificate 0 (CN=weak): uses a disallowed algorithm or key size (", reason.substring(0,
                reason.indexOf('(', reason.indexOf(':')) + 1), reason);
    }

    @Test
    void anotherCandidateIsTriedWhenTheFirstFails() {
        // The same CA key certified twice, the first certificate expired: the path through the second is valid.
        KeyPair key = INTERMEDIATE.keyPair();
        TestCertificate expired = TestCertificate.builder().subject("CN=Issuing CA,O=Example").ca(-1).keyPair(key)
                .validity(NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1))).signedBy(ROOT).build();
        PkixValidation.Valid valid = assertInstanceOf(PkixValidation.Valid.class, validate(LEAF, expired, INTERMEDIATE));
        assertEquals(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), valid.path());
        assertEquals("certificate 1 (CN=Issuing CA,O=Example): expired at " + NOW.minus(Duration.ofDays(1))
                + " (validation time " + NOW + ")", reason(validate(LEAF, expired)));
    }

    @Test
    void onlyTheFirstSixteenOtherCertificatesAreConsidered() {
        List<X509Certificate> others = new ArrayList<>();
        for (int i = 0; i < PkixValidation.MAX_PRESENTED; i++) {
            others.add(TestCertificate.builder().subject("CN=filler " + i).build().certificate());
        }
        others.add(INTERMEDIATE.certificate());
        assertEquals("certificate 0 (CN=alice,O=Example): its issuer CN=Issuing CA,O=Example is neither a trust anchor"
                + " nor among the presented certificates (only the first 16 of 17 other presented certificates were"
                + " considered)", reason(VALIDATION.validate(LEAF.certificate(), others, NOW,
                PkixValidation.PolicyInputs.DEFAULT)));
        others.remove(0);
        assertInstanceOf(PkixValidation.Valid.class, VALIDATION.validate(LEAF.certificate(), others, NOW,
                PkixValidation.PolicyInputs.DEFAULT));
    }

    @Test
    @Timeout(60) // a hang guard only
    void selfIssuedLoopsEndWithinTheSearchBounds() {
        // Sixteen CA certificates with one name and one key, each verifying every other: without bounds the search
        // would try every ordering of them (path length limits do not count self-issued certificates).
        TestCertificate first = TestCertificate.builder().subject("CN=Loop").ca(-1).build();
        List<X509Certificate> loop = new ArrayList<>();
        for (int i = 0; i < PkixValidation.MAX_PRESENTED; i++) {
            loop.add(TestCertificate.builder().subject("CN=Loop").ca(-1).keyPair(first.keyPair()).signedBy(first)
                    .build().certificate());
        }
        TestCertificate leaf = TestCertificate.builder().subject("CN=looper").signedBy(first).build();
        String reason = reason(VALIDATION.validate(leaf.certificate(), loop, NOW, PkixValidation.PolicyInputs.DEFAULT));
        assertEquals("the path is longer than 10 certificates at certificate 9 (CN=Loop)", reason);
    }

    @Test
    void alteredCertificatesGiveAResultNeverAnException() throws Exception {
        // Every byte of the intermediate and the leaf overwritten in turn, as far as the JDK still parses the result.
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        java.util.Random random = new java.util.Random(5280);
        int parsed = 0;
        for (TestCertificate target : List.of(INTERMEDIATE, LEAF)) {
            byte[] der = target.der();
            for (int i = 0; i < der.length; i++) {
                byte[] altered = der.clone();
                altered[i] ^= (byte) (1 + random.nextInt(255));
                X509Certificate cert;
                try {
                    cert = (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(altered));
                } catch (java.security.cert.CertificateException | RuntimeException e) {
                    continue;
                }
                parsed++;
                X509Certificate leaf = target == LEAF ? cert : LEAF.certificate();
                X509Certificate intermediate = target == LEAF ? INTERMEDIATE.certificate() : cert;
                PkixValidation.Result result = VALIDATION.validate(leaf, List.of(intermediate), NOW,
                        PkixValidation.PolicyInputs.DEFAULT);
                if (result instanceof PkixValidation.Valid valid) {
                    // Only bytes outside what is signed, or a signature the key still accepts, leave the path valid.
                    assertEquals(2, valid.path().size());
                } else {
                    String reason = ((PkixValidation.Invalid) result).reason();
                    assertEquals(false, reason.isBlank() || reason.contains("Exception") || reason.contains("\n"),
                            reason);
                }
            }
        }
        assertEquals(true, parsed > 100, "altered certificates the JDK parses: " + parsed);
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PkixValidation.Result>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(i % 2 == 0 ? () -> validate(LEAF, INTERMEDIATE) : () -> validate(LEAF));
            }
            List<Future<PkixValidation.Result>> results = pool.invokeAll(tasks, 2, TimeUnit.MINUTES);
            for (int i = 0; i < results.size(); i++) {
                Class<? extends PkixValidation.Result> expected = i % 2 == 0 ? PkixValidation.Valid.class
                        : PkixValidation.Invalid.class;
                assertInstanceOf(expected, results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
