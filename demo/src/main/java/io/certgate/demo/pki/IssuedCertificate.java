package io.certgate.demo.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate, its private key and its chain up to (and including) its root, leaf first. Immutable.
 *
 * @param certificate the certificate
 * @param privateKey  its private key
 * @param chain       the certificate followed by its issuers' certificates, ending with the self-signed root
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || chain.get(0) != certificate) {
            throw new IllegalArgumentException("the chain must start with the certificate itself");
        }
    }

    /** A self-signed certificate: its chain is itself. */
    static IssuedCertificate selfSigned(X509Certificate certificate, PrivateKey key) {
        return new IssuedCertificate(certificate, key, List.of(certificate));
    }

    /** A certificate issued by {@code issuer}: its chain is itself followed by the issuer's chain. */
    static IssuedCertificate issuedBy(IssuedCertificate issuer, X509Certificate certificate, PrivateKey key) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return new IssuedCertificate(certificate, key, chain);
    }

    /** The chain a TLS peer presents: the certificate and its intermediates, without the root. */
    public List<X509Certificate> presentedChain() {
        return chain.size() == 1 ? chain : chain.subList(0, chain.size() - 1);
    }

    /** The self-signed root at the top of the chain. */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }
}
