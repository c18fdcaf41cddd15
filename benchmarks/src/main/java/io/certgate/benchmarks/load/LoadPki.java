package io.certgate.benchmarks.load;

import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import io.certgate.core.testing.TestTls;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load run's PKI, built in code: a root (the servers' trust anchor), an issuing CA, its OCSP responder on the
 * run's clock, the server's certificate, and {@code n} distinct clients {@code CN=client-NNNN}: every tenth (from
 * the fourth) revoked, every tenth (from the eighth) in {@code OU=guest}, to which the rules give no role, the
 * others good, in {@code OU=staff}; and one more good client to warm the server up.
 */
final class LoadPki implements AutoCloseable {
    private final TestCertificate root;
    private final TestCertificate server;
    private final TestOcspResponder responder;
    private final List<Client> clients;
    private final Client warmUp;

    /** One client certificate and what the server must make of it. */
    record Client(int index, Kind kind, TestCertificate certificate) {
        String commonName() {
            return name(index);
        }
    }

    /** What a client is. */
    enum Kind {
        /** Good and in {@code OU=staff}: let in with the rules' roles while its status is known to be good. */
        GOOD,
        /** Revoked: never let in. */
        REVOKED,
        /** Good, in {@code OU=guest}: the rules give it no role, so the constraint refuses it. */
        NO_ROLE
    }

    private LoadPki(TestCertificate root, TestCertificate server, TestOcspResponder responder, List<Client> clients,
                    Client warmUp) {
        this.root = root;
        this.server = server;
        this.responder = responder;
        this.clients = List.copyOf(clients);
        this.warmUp = warmUp;
    }

    /**
     * Builds the PKI and starts the responder.
     *
     * @param validity the time from thisUpdate to nextUpdate of the responder's answers
     */
    static LoadPki create(int n, Clock clock, Duration validity) {
        TestCertificate root = TestCertificate.builder().subject("CN=Load Root CA").ca(1).build();
        TestCertificate issuing = TestCertificate.builder().subject("CN=Load Issuing CA").ca(0).signedBy(root).build();
        TestOcspResponder responder = TestOcspResponder.start(issuing, clock).validity(validity);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            Kind kind = i == n ? Kind.GOOD : i % 10 == 3 ? Kind.REVOKED : i % 10 == 7 ? Kind.NO_ROLE : Kind.GOOD;
            TestCertificate c = TestCertificate.builder()
                    .subject("CN=" + name(i) + ", OU=" + (kind == Kind.NO_ROLE ? "guest" : "staff") + ", O=load")
                    .clientAuth().ocspResponder(responder.uri().toString()).signedBy(issuing).build();
            if (kind == Kind.REVOKED) {
                responder.revoke(c.certificate(), clock.instant().minus(Duration.ofDays(1)), "keyCompromise");
            } else {
                responder.good(c.certificate());
            }
            clients.add(new Client(i, kind, c));
        }
        Client warmUp = clients.remove(n);
        return new LoadPki(root, TestTls.localhost(root), responder, clients, warmUp);
    }

    private static String name(int index) {
        return String.format("client-%04d", index);
    }

    TestCertificate root() {
        return root;
    }

    TestCertificate server() {
        return server;
    }

    TestOcspResponder responder() {
        return responder;
    }

    List<Client> clients() {
        return clients;
    }

    /** One more good client, {@code CN=client-N}, for the request that warms the server up before the run. */
    Client warmUp() {
        return warmUp;
    }

    @Override
    public void close() {
        responder.close();
    }
}
