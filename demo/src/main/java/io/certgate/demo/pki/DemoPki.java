package io.certgate.demo.pki;

import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The demo's public key infrastructure, made fresh for every run:
 *
 * <ul>
 *   <li>a root CA, the only anchor the server trusts, and below it an issuing CA whose certificates name the
 *       demo's own OCSP responder (authorityInfoAccess) and CRL (cRLDistributionPoints);</li>
 *   <li>a server certificate for {@code localhost} and {@code 127.0.0.1};</li>
 *   <li>clients: {@value #ADMIN} (an operator), {@value #READER} (an API reader), {@value #PAYMENTS} (a service
 *       with a SPIFFE ID), {@value #REVOKED} (to be revoked), all from the issuing CA, and {@value #UNTRUSTED}
 *       (the admin's very names, from a root the server does not trust).</li>
 * </ul>
 *
 * @param root          the demo root CA
 * @param issuing       the issuing CA, below the root
 * @param untrustedRoot a root CA the server does not trust
 * @param server        the server certificate, from the issuing CA
 * @param clients       the clients, in the order the demo shows them
 */
public record DemoPki(IssuedCertificate root, IssuedCertificate issuing, IssuedCertificate untrustedRoot,
                      IssuedCertificate server, List<DemoClient> clients) {
    public static final String ADMIN = "admin";
    public static final String READER = "reader";
    public static final String PAYMENTS = "payments";
    public static final String REVOKED = "revoked";
    public static final String UNTRUSTED = "untrusted";

    /** The issuing CA's name, which the sample application's rules pin. */
    public static final String ISSUING_CA = "CN=certgate demo issuing CA, O=certgate demo";
    /** The SPIFFE ID of the payments service. */
    public static final String PAYMENTS_SPIFFE_ID = "spiffe://demo.certgate.io/payments";

    public DemoPki {
        clients = List.copyOf(clients);
    }

    /**
     * Issues the whole PKI.
     *
     * @param ocspResponder the OCSP responder that the issuing CA's certificates name
     * @param crl           the CRL that the issuing CA's certificates name
     */
    public static DemoPki create(URI ocspResponder, URI crl) {
        IssuedCertificate root = CertificateBuilder.subject("CN=certgate demo root CA, O=certgate demo").ca()
                .validFor(java.time.Duration.ofDays(365)).build();
        IssuedCertificate issuing = CertificateBuilder.subject(ISSUING_CA).ca()
                .validFor(java.time.Duration.ofDays(365)).issuedBy(root).build();
        IssuedCertificate untrustedRoot = CertificateBuilder.subject("CN=untrusted root CA, O=elsewhere").ca().build();
        IssuedCertificate server = CertificateBuilder.subject("CN=localhost, O=certgate demo").sanDns("localhost")
                .sanIp("127.0.0.1").serverAuth().issuedBy(issuing).build();
        List<DemoClient> clients = List.of(
                new DemoClient(ADMIN, "an operator",
                        client("CN=Ada, OU=operators, O=certgate demo", ocspResponder, crl)
                                .sanEmail("ada@demo.certgate.io").issuedBy(issuing).build()),
                new DemoClient(READER, "an API reader",
                        client("CN=Rey, O=certgate demo", ocspResponder, crl)
                                .sanEmail("rey@demo.certgate.io").issuedBy(issuing).build()),
                new DemoClient(PAYMENTS, "the payments service",
                        client("CN=payments, O=certgate demo", ocspResponder, crl)
                                .sanUri(PAYMENTS_SPIFFE_ID).issuedBy(issuing).build()),
                new DemoClient(REVOKED, "a reader whose certificate is revoked",
                        client("CN=Rob, O=certgate demo", ocspResponder, crl)
                                .sanEmail("rob@demo.certgate.io").issuedBy(issuing).build()),
                new DemoClient(UNTRUSTED, "the admin's names from an untrusted CA",
                        CertificateBuilder.subject("CN=Ada, OU=operators, O=certgate demo").clientAuth()
                                .sanEmail("ada@demo.certgate.io").issuedBy(untrustedRoot).build()));
        return new DemoPki(root, issuing, untrustedRoot, server, clients);
    }

    /** The client of that name. */
    public DemoClient client(String name) {
        return clients.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no demo client named " + name));
    }

    private static CertificateBuilder client(String subject, URI ocspResponder, URI crl) {
        return CertificateBuilder.subject(subject).clientAuth().ocspResponder(ocspResponder).crlDistributionPoint(crl);
    }
}
