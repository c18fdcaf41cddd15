package io.certgate.core.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chains presented in any order (RFC 8446 §4.4.2), with extra certificates, cross-signed duplicates and loops:
 * the verified path is built from them by issuer links, each verified by signature, before checking, and fails closed with
 * NO_ISSUER when no path from the leaf can be built.
 */
class PresentedPathTest {
    private static final String SKI = "2.5.29.14";

    static TestCertificate root;
    static TestCertificate policy;
    static TestCertificate issuing;
    static TestCertificate leaf;
    static TestCertificate stranger;
    static TestCertificate strangerLeaf;
    static List<byte[]> crls = new ArrayList<>();

    @BeforeAll
    static void pki() {
        root = TestCertificate.builder().subject("CN=Chain Root,O=Example").ca(2).build();
        policy = TestCertificate.builder().subject("CN=Chain Policy CA,O=Example").ca(1).signedBy(root).build();
        issuing = TestCertificate.builder().subject("CN=Chain Issuing CA,O=Example").ca(0).signedBy(policy).build();
        leaf = TestCertificate.builder().subject("CN=alice,O=Example").signedBy(issuing).build();
        stranger = TestCertificate.builder().subject("CN=Stranger Root,O=Elsewhere").ca(1).build();
        strangerLeaf = TestCertificate.builder().subject("CN=bob,O=Elsewhere").signedBy(stranger).build();
        for (TestCertificate ca : List.of(root, policy, issuing)) {
            crls.add(TestCrl.builder(ca).build().der());
        }
    }

    static RevocationChecker checker(RevocationSettings.Scope scope, List<byte[]> crlList,
                                     X509Certificate... configuredIssuers) {
        RevocationSettings settings = RevocationSettings.builder().mode(RevocationSettings.Mode.CRL).scope(scope)
                .build();
        return new RevocationChecker(settings, new StaticSources(List.of(), crlList, List.of(configuredIssuers)));
    }

    static X509Certificate[] presented(X509Certificate first, List<X509Certificate> rest) {
        List<X509Certificate> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(X509Certificate[]::new);
    }

    static List<List<X509Certificate>> permutations(List<X509Certificate> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<X509Certificate>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<X509Certificate> rest = new ArrayList<>(items);
            X509Certificate head = rest.remove(i);
            for (List<X509Certificate> p : permutations(rest)) {
                List<X509Certificate> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }

    /** Every order of the root, the policy CA and the issuing CA behind the leaf: depth 4, the root presented. */
    static Stream<Arguments> shuffledWithRoot() {
        return permutations(List.of(root.certificate(), policy.certificate(), issuing.certificate())).stream()
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("shuffledWithRoot")
    void shuffledChainOfDepthFourIsCheckedInPathOrder(List<X509Certificate> rest) {
        ChainStatus status = checkPresented(checker(RevocationSettings.Scope.CHAIN, crls),
                presented(leaf.certificate(), rest), Instant.now());
        assertPath(status, policy, issuing, leaf);
    }

    /** Depth 3 presented (the root is configured, not sent), in both orders, with unrelated certificates mixed in. */
    @Test
    void shuffledChainWithExtraCertificatesIgnoresTheExtras() {
        List<X509Certificate> sent = List.of(issuing.certificate(), policy.certificate(), stranger.certificate(),
                strangerLeaf.certificate());
        RevocationChecker checker = checker(RevocationSettings.Scope.CHAIN, crls, stranger.certificate(),
                root.certificate());
        for (List<X509Certificate> rest : permutations(sent)) {
            assertPath(checkPresented(checker, presented(leaf.certificate(), rest), Instant.now()),
                    policy, issuing, leaf);
        }
    }

    @Test
    void aRevokedIntermediateIsFoundWhateverTheOrder() {
        List<byte[]> revoking = List.of(crls.get(0), TestCrl.builder(policy)
                .revoke(issuing.certificate(), Instant.now().minusSeconds(60), "keyCompromise").build().der(),
                crls.get(2));
        List<X509Certificate> shuffled = new ArrayList<>(List.of(root.certificate(), policy.certificate(),
                issuing.certificate(), stranger.certificate()));
        Collections.shuffle(shuffled, new Random(7));
        ChainStatus status = checkPresented(checker(RevocationSettings.Scope.CHAIN, revoking),
                presented(leaf.certificate(), shuffled), Instant.now());
        assertEquals(RevocationStatus.Status.REVOKED, status.verdict(), status.certificates().toString());
        assertEquals(issuing.certificate(), status.decisive().orElseThrow().certificate());
    }

    /**
     * The policy CA's key certified twice: by the root (configured) and by an old root nobody trusts. Both copies
     * verify the issuing CA; only the one whose path reaches a configured issuer completes the path.
     */
    @Test
    void crossSignedDuplicateSubjectTakesTheCopyWhosePathCompletes() {
        TestCertificate oldRoot = TestCertificate.builder().subject("CN=Old Root,O=Example").ca(2).build();
        TestCertificate crossSigned = TestCertificate.builder().subject("CN=Chain Policy CA,O=Example").ca(1)
                .keyPair(policy.keyPair())
                .extension(SKI, false, subjectKeyId(policy))
                .signedBy(oldRoot).build();
        List<byte[]> all = new ArrayList<>(crls);
        all.add(TestCrl.builder(oldRoot).build().der());
        RevocationChecker checker = checker(RevocationSettings.Scope.CHAIN, all, root.certificate());
        for (List<X509Certificate> rest : permutations(List.of(crossSigned.certificate(), policy.certificate(),
                issuing.certificate()))) {
            ChainStatus status = checkPresented(checker, presented(leaf.certificate(), rest), Instant.now());
            assertPath(status, policy, issuing, leaf);
            assertTrue(status.certificates().get(0).certificate() == policy.certificate(),
                    "the copy signed by the configured root: " + rest);
        }
    }

    /** Same name and key identifier as the issuing CA, another key: only the signature tells them apart. */
    @Test
    void sameNamedImpostorIsRuledOutBySignature() {
        TestCertificate impostor = TestCertificate.builder().subject("CN=Chain Issuing CA,O=Example").ca(0)
                .extension(SKI, false, subjectKeyId(issuing))
                .signedBy(policy).build();
        RevocationChecker checker = checker(RevocationSettings.Scope.CHAIN, crls, root.certificate());
        for (List<X509Certificate> rest : permutations(List.of(impostor.certificate(), issuing.certificate(),
                policy.certificate()))) {
            ChainStatus status = checkPresented(checker, presented(leaf.certificate(), rest), Instant.now());
            assertPath(status, policy, issuing, leaf);
        }
    }

    /** Same name, another key identifier: not the issuer, so the leaf's issuer comes from the configured ones. */
    @Test
    void keyIdentifierMismatchRulesOutASameNamedCertificate() {
        TestCertificate impostor = TestCertificate.builder().subject("CN=Chain Issuing CA,O=Example").ca(0)
                .signedBy(policy).build();
        ChainStatus status = checkPresented(checker(RevocationSettings.Scope.LEAF, crls, issuing.certificate()), new X509Certificate[] {leaf.certificate(), impostor.certificate()}, Instant.now());
        assertEquals(1, status.certificates().size());
        assertEquals(RevocationStatus.Status.GOOD, status.verdict(), status.certificates().toString());
    }

    /** Two CAs that certify each other, neither trusted here: the path stops at the loop, with the reason. */
    @Test
    void loopEndsThePathAndItsTopHasNoIssuer() {
        TestCertificate seedB = TestCertificate.builder().subject("CN=Loop B,O=Example").ca(2).build();
        TestCertificate a = TestCertificate.builder().subject("CN=Loop A,O=Example").ca(2).signedBy(seedB).build();
        TestCertificate b = TestCertificate.builder().subject("CN=Loop B,O=Example").ca(2).keyPair(seedB.keyPair())
                .extension(SKI, false, subjectKeyId(seedB)).signedBy(a).build();
        TestCertificate client = TestCertificate.builder().subject("CN=carol,O=Example").signedBy(a).build();
        List<byte[]> loopCrls = List.of(TestCrl.builder(a).build().der(), TestCrl.builder(b).build().der());
        X509Certificate[] sent = {client.certificate(), b.certificate(), a.certificate()};

        ChainStatus chain = checkPresented(checker(RevocationSettings.Scope.CHAIN, loopCrls), sent, Instant.now());
        assertEquals(3, chain.certificates().size(), chain.certificates().toString());
        CertificateStatus top = chain.certificates().get(0);
        assertEquals(b.certificate(), top.certificate());
        assertEquals(UnknownCause.NO_ISSUER, top.status().cause().orElseThrow());
        assertEquals(RevocationStatus.Status.GOOD, chain.certificates().get(1).status().status(), chain.certificates().toString());
        assertEquals(RevocationStatus.Status.GOOD, chain.certificates().get(2).status().status(), chain.certificates().toString());
        assertEquals(RevocationStatus.Status.UNKNOWN, chain.verdict());

        ChainStatus leafOnly = checkPresented(checker(RevocationSettings.Scope.LEAF, loopCrls), sent, Instant.now());
        assertEquals(RevocationStatus.Status.GOOD, leafOnly.verdict(), leafOnly.certificates().toString());
    }

    /** An explicit path (the command line's) is verified link by link: a look-alike's link is NO_ISSUER. */
    @Test
    void anExplicitPathWhoseLinkDoesNotVerifyIsNoIssuer() {
        TestCertificate impostor = TestCertificate.builder().subject("CN=Chain Issuing CA,O=Example").ca(0)
                .extension(SKI, false, subjectKeyId(issuing)).signedBy(stranger).build();
        RevocationChecker checker = checker(RevocationSettings.Scope.CHAIN, crls);
        ChainStatus forged = checker.check(List.of(policy.certificate(), impostor.certificate(), leaf.certificate()),
                Instant.now());
        assertEquals(2, forged.certificates().size(), forged.certificates().toString());
        for (CertificateStatus s : forged.certificates()) {
            assertEquals(UnknownCause.NO_ISSUER, s.status().cause().orElseThrow(), s.toString());
        }
        assertPath(checker.check(List.of(policy.certificate(), issuing.certificate(), leaf.certificate()), Instant.now()),
                issuing, leaf);
    }

    @Test
    void noPresentedIssuerAndNoConfiguredOneFailsClosed() {
        X509Certificate[] sent = {leaf.certificate(), stranger.certificate(), strangerLeaf.certificate()};
        for (RevocationSettings.Scope scope : RevocationSettings.Scope.values()) {
            ChainStatus status = checkPresented(checker(scope, crls), sent, Instant.now());
            assertEquals(1, status.certificates().size(), status.certificates().toString());
            RevocationStatus only = status.certificates().get(0).status();
            assertEquals(UnknownCause.NO_ISSUER, only.cause().orElseThrow(), only.toString());
            assertTrue(only.detail().contains("none of the 2 other presented certificates issued it"), only.detail());
        }
    }

    static ChainStatus checkPresented(RevocationChecker checker, X509Certificate[] leafFirst, Instant now) {
        return checker.check(checker.paths().build(leafFirst), now);
    }

    /** Checks that the statuses are those of {@code path} (top first), each GOOD. */
    private static void assertPath(ChainStatus status, TestCertificate... path) {
        assertEquals(path.length, status.certificates().size(), status.certificates().toString());
        for (int i = 0; i < path.length; i++) {
            CertificateStatus s = status.certificates().get(i);
            assertEquals(path[i].certificate(), s.certificate(), status.certificates().toString());
            assertEquals(RevocationStatus.Status.GOOD, s.status().status(), status.certificates().toString());
        }
    }

    private static byte[] subjectKeyId(TestCertificate ca) {
        try {
            return CrlDer.extensionValue(ca.certificate().getExtensionValue(SKI), "subjectKeyIdentifier");
        } catch (CrlFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
