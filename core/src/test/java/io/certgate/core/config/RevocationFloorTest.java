package io.certgate.core.config;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With revocation.forbid-weakening, the container's revocation settings are a floor that rules files cannot go below. */
class RevocationFloorTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    @TempDir
    Path dir;

    Path write(String text) throws Exception {
        Path next = Files.createTempFile(dir, "next", ".rules");
        Files.writeString(next, text);
        return Files.move(next, dir.resolve("app.rules"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void build(String rules, Map<String, String> container) throws Exception {
        Configuration.build(RuleSet.load(write(rules)), dir, container, new MutableClock(Instant.now()), RUNTIME, Runnable::run);
    }

    List<String> errors(String rules, Map<String, String> container) {
        RulesException e = assertThrows(RulesException.class, () -> build(rules, container));
        return e.errors().stream().map(RulesError::toString).toList();
    }

    static Map<String, String> floor(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("revocation.forbid-weakening", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "revocation.mode = off | 19 | | | revocation.mode = off weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.mode = ocsp-then-crl (the default)",
            "revocation.mode = off | 19 | revocation.mode | crl | revocation.mode = off weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.mode = crl",
            "revocation.on-unknown = allow | 25 | | | revocation.on-unknown = allow weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.on-unknown = deny (the default)",
            "revocation.scope = leaf | 20 | revocation.scope | chain | revocation.scope = leaf weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.scope = chain",
            "revocation.ocsp.nonce = false | 25 | revocation.ocsp.nonce | true | revocation.ocsp.nonce = false weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.ocsp.nonce = true",
            "revocation.cache.max-ttl = 2h | 28 | | | revocation.cache.max-ttl = 2h weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.cache.max-ttl = 1h (the default)",
            "revocation.max-age = 2d | 22 | revocation.max-age | 1d | revocation.max-age = 2d weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.max-age = 1d",
            "revocation.clock-skew = 6m | 25 | | | revocation.clock-skew = 6m weakens revocation below the container's floor (revocation.forbid-weakening = true): the container has revocation.clock-skew = 5m (the default)",
    })
    void aRulesFileThatWeakensTheContainersRevocationIsRefusedAtItsPlace(String line, int column, String key, String value,
                                                                         String message) throws Exception {
        Map<String, String> container = key == null ? floor() : floor(key, value);
        String file = dir.resolve("app.rules").toString();
        assertEquals(List.of(file + ":2:" + column + ": " + message), errors("role a when true\n" + line + "\n", container));
        // without the floor the same file loads: the rules file's settings win, as they always did
        container.remove("revocation.forbid-weakening");
        build("role a when true\n" + line + "\n", container);
    }

    @Test
    void anotherResponderSignerOrAnOverrideIsAWeakeningOfTrust() throws Exception {
        TestCertificate signer = TestCertificate.builder().subject("CN=Some Responder").build();
        Files.writeString(dir.resolve("responder.pem"), signer.certificatePem());
        String file = dir.resolve("app.rules").toString();
        assertEquals(List.of(file + ":1:34: revocation.ocsp.responder-cert = responder.pem weakens revocation below the"
                        + " container's floor (revocation.forbid-weakening = true): the container has"
                        + " revocation.ocsp.responder-cert = (none) (the default)"),
                errors("revocation.ocsp.responder-cert = responder.pem\n", floor()));
        assertEquals(List.of(file + ":2:38: revocation.ocsp.responder-override = true weakens revocation below the"
                        + " container's floor (revocation.forbid-weakening = true): the container has"
                        + " revocation.ocsp.responder-override = false (the default)"),
                errors("revocation.ocsp.responder = http://ocsp.example.test/\nrevocation.ocsp.responder-override = true\n", floor()));
    }

    @Test
    void stricterSettingsAndTheContainersOwnValuesAreAccepted() throws Exception {
        build("""
                revocation.mode = ocsp
                revocation.scope = chain
                revocation.on-unknown = deny
                revocation.ocsp.nonce = true
                revocation.cache.max-ttl = 10m
                revocation.max-age = 1d
                revocation.clock-skew = 1m
                revocation.timeout = 1s
                role a when true
                """, floor());
        build("revocation.mode = off\nrevocation.on-unknown = allow\nrole a when true\n",
                floor("revocation.mode", "off", "revocation.on-unknown", "allow"));
    }

    @Test
    void theFloorCanOnlyBeSetByTheContainer() {
        RulesException e = assertThrows(RulesException.class, () -> RuleSet.parse("app.rules", "revocation.forbid-weakening = false\n"));
        assertEquals(List.of("app.rules:1:1: revocation.forbid-weakening can only be set in the container's configuration,"
                        + " not in a rules file: it is the operator's floor under the rules files of every web application"),
                e.errors().stream().map(RulesError::toString).toList());
        assertTrue(ContainerSettings.names().contains("revocation.forbid-weakening"));
        ContainerSettings container = new ContainerSettings();
        container.set("revocation.forbid-weakening", "maybe");
        assertEquals(List.of("revocation.forbid-weakening expects true or false, found 'maybe'"), container.problems());
    }

    @Test
    void aReloadThatWeakensIsRejectedAndTheFloorStays() throws Exception {
        write("role a when true\n");
        ContainerSettings container = new ContainerSettings();
        container.set("revocation.forbid-weakening", "true");
        container.set("revocation.mode", "off");
        container.set("revocation.scope", "chain");
        ReloadingGate gate = ReloadingGate.load(dir.resolve("app.rules"), container);
        write("role a when true\nrevocation.scope = leaf\n");
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        assertTrue(gate.state().error().orElseThrow().contains(":2:20: revocation.scope = leaf weakens revocation"),
                gate.state().error().orElseThrow());
    }
}
