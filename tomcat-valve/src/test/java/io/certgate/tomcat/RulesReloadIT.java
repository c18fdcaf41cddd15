package io.certgate.tomcat;

import io.certgate.core.config.ReloadingGate;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestTls;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A web application's rules file changed while Tomcat runs: the realm picks it up without a restart, and a broken
 * file leaves the last good rules in force. The realm's clock is moved past the check interval instead of waiting.
 */
class RulesReloadIT {
    static final String READERS = "role user when issuer = \"CN=certgate reload root\"\nrevocation.mode = off\n";
    static final String ADMINS = READERS + "role admin when subject.cn = \"alice\"\n";

    @Test
    void aChangedRulesFileIsPickedUpAndABrokenOneLeavesTheLastGoodInForce() throws Exception {
        TestCertificate root = TestCertificate.builder().subject("CN=certgate reload root").ca(1).build();
        TestCertificate alice = TestCertificate.builder().subject("CN=alice,O=Example").clientAuth().signedBy(root).build();
        MutableClock clock = new MutableClock(Instant.now());
        try (EmbeddedTomcat server = new EmbeddedTomcat(TestTls.localhost(root), root.certificate())) {
            CertGateRealm realm = new CertGateRealm();
            realm.setClock(clock);
            Context app = server.add("/app", TestWebApp.builder().rules(READERS));
            app.setRealm(realm);
            server.start();
            Path rules = Path.of(app.getDocBase()).resolve("WEB-INF/certgate.rules");
            HttpClient client = TestTls.client(alice, root.certificate());

            assertEquals(403, Http.get(client, server.uri("/app/admin/x")).status());
            replace(rules, ADMINS);
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(200, Http.get(client, server.uri("/app/admin/x")).status(), "the new rules grant admin");

            replace(rules, "role admin when subject.cn =\n");
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(200, Http.get(client, server.uri("/app/admin/x")).status(), "a broken file changes nothing");

            replace(rules, READERS);
            clock.advance(ReloadingGate.CHECK_INTERVAL);
            assertEquals(403, Http.get(client, server.uri("/app/admin/x")).status(), "fixed again, picked up");
        }
    }

    /** Replaces a file in one step, as the documentation asks editors of a live rules file to do. */
    static void replace(Path file, String content) throws IOException {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
