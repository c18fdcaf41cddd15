package io.certgate.tomcat;

import io.certgate.core.testing.TestCertificate;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Which connectors' certificates certgate uses. AJP is covered here only: the integration tests would need an
 * AJP client; the plain-HTTP and TLS cases also run end to end in {@link ForwardedCertificateIT}.
 */
class CertificateOriginTest {
    static X509Certificate[] chain;
    static X509Certificate[] other;

    @BeforeAll
    static void pki() {
        TestCertificate root = TestCertificate.builder().subject("CN=origin root").ca(0).build();
        chain = TestCertificate.builder().subject("CN=alice").signedBy(root).build().chainArray();
        other = TestCertificate.builder().subject("CN=mallory").signedBy(root).build().chainArray();
    }

    static Connector connector(String protocol, boolean tls) {
        Connector c = new Connector(protocol);
        if (tls) {
            c.setProperty("SSLEnabled", "true");
        }
        return c;
    }

    @Test
    void anAjpConnectorsCertificateIsForwardedEvenWithTheSameChain() {
        Optional<String> why = CertificateOrigin.untrustedSource(connector("AJP/1.3", false), chain,
                () -> fail("an AJP connector has no handshake to compare with"));
        assertTrue(why.orElseThrow().startsWith("the AJP connector "), why.toString());
    }

    @Test
    void aPlainHttpConnectorsCertificateIsForwarded() {
        Optional<String> why = CertificateOrigin.untrustedSource(connector("HTTP/1.1", false), chain,
                () -> fail("a plain connector has no handshake to compare with"));
        assertTrue(why.orElseThrow().contains("which does not end TLS"), why.toString());
    }

    @Test
    void aTlsConnectorsOwnHandshakeChainIsUsed() {
        assertEquals(Optional.empty(), CertificateOrigin.untrustedSource(connector("HTTP/1.1", true), chain, () -> chain));
        assertEquals(Optional.empty(), CertificateOrigin.untrustedSource(connector("HTTP/1.1", true), chain, chain::clone));
    }

    @Test
    void aChainThatIsNotTheHandshakesOnATlsConnectorIsForwarded() {
        assertTrue(CertificateOrigin.untrustedSource(connector("HTTP/1.1", true), other, () -> chain).isPresent());
        assertTrue(CertificateOrigin.untrustedSource(connector("HTTP/1.1", true), chain, () -> null).isPresent());
    }
}
