package io.certgate.core.config;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.CertGate;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a CertGate from a rules file and container settings, and the errors that stop it. */
class ConfigurationTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    @TempDir
    Path dir;

    CertGate load(String rules, Map<String, String> container) throws Exception {
        Path file = Files.writeString(dir.resolve("app.rules"), rules);
        return Configuration.build(io.certgate.core.rules.RuleSet.load(file), dir, container,
                new MutableClock(Instant.parse("2026-11-22T00:00:00Z")), RUNTIME, Runnable::run);
    }

    List<String> errors(String rules, Map<String, String> container) {
        RulesException e = assertThrows(RulesException.class, () -> load(rules, container));
        return e.errors().stream().map(Object::toString).toList();
    }

    @Test
    void aFileThatGrantsNoRoleIsLoadedWithAWarning() throws Exception {
        String file = dir.resolve("app.rules").toString();
        CertGate settingsOnly = load("principal = subject.cn\n", Map.of());
        assertEquals(List.of(file + ": grants no role to any client: it has no role rules"),
                settingsOnly.rules().warnings().stream().map(Object::toString).toList());

        CertGate disabled = load("role a when false\nrole b when not true or false\n", Map.of());
        assertEquals(List.of(file + ":1:1: role a is never granted: its condition is false for every certificate",
                        file + ":2:1: role b is never granted: its condition is false for every certificate",
                        file + ": grants no role to any client: none of its role rules can match"),
                disabled.rules().warnings().stream().map(Object::toString).toList());

        CertGate oneDead = load("role a when subject.cn = \"alice\" and false\nrole b when false or subject.cn = \"bob\"\n", Map.of());
        assertEquals(List.of(file + ":1:1: role a is never granted: its condition is false for every certificate"),
                oneDead.rules().warnings().stream().map(Object::toString).toList());

        assertEquals(List.of(), load("role a when present subject.cn and (true or false)\n", Map.of()).rules().warnings());
    }

    @Test
    void filesNamedBySettingsAreReadRelativeToTheRulesFileAndErrorsNameTheirPlace() {
        String file = dir.resolve("app.rules").toString();
        assertEquals(List.of(file + ":2:22: revocation.issuers: cannot read " + dir.resolve("missing.pem") + ": NoSuchFileException"),
                errors("role a when true\nrevocation.issuers = missing.pem\n", Map.of()));
    }

    @Test
    void aSettingNamingAMissingFileIsAnErrorEvenWhenRevocationIsOff() {
        String file = dir.resolve("app.rules").toString();
        assertEquals(List.of(file + ":2:22: revocation.issuers: cannot read " + dir.resolve("missing.pem") + ": NoSuchFileException"),
                errors("role a when true\nrevocation.issuers = missing.pem\n", Map.of("revocation.mode", "off")));
        assertEquals(List.of(file + ":2:34: revocation.ocsp.responder-cert: cannot read " + dir.resolve("missing.pem")
                        + ": NoSuchFileException"),
                errors("revocation.mode = off\nrevocation.ocsp.responder-cert = missing.pem\n", Map.of()));
    }

    @Test
    void checkFindsWhatBuildingAGateFindsWithoutBuildingOne() throws Exception {
        Path rules = Files.writeString(dir.resolve("check.rules"), "role a when true\nrevocation.issuers = missing.pem\n");
        RulesException e = assertThrows(RulesException.class, () -> Configuration.check(RuleSet.load(rules), dir));
        assertEquals(List.of(rules + ":2:22: revocation.issuers: cannot read " + dir.resolve("missing.pem") + ": NoSuchFileException"),
                e.errors().stream().map(RulesError::toString).toList());
        Files.writeString(rules, "role a when true\nrevocation.mode = ocsp\n");
        Configuration.check(RuleSet.load(rules), dir);
    }

    @Test
    void aFileWithoutCertificatesIsAnError() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "not a certificate");
        String file = dir.resolve("app.rules").toString();
        assertEquals(List.of(file + ":1:34: revocation.ocsp.responder-cert: " + dir.resolve("empty.pem")
                        + ": not a certificate: neither PEM (no -----BEGIN line) nor DER"),
                errors("revocation.ocsp.responder-cert = empty.pem\n", Map.of()));
        Files.writeString(dir.resolve("broken.pem"), "issuers\n-----BEGIN CERTIFICATE-----\nMIIB\n!!!!\n-----END CERTIFICATE-----\n");
        assertEquals(List.of(file + ":1:22: revocation.issuers: " + dir.resolve("broken.pem")
                        + ": line 4: the PEM block's base64 is invalid"),
                errors("revocation.issuers = broken.pem\n", Map.of()));
        Files.writeString(dir.resolve("open.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertEquals(List.of(file + ":1:17: trust.anchors: " + dir.resolve("open.pem")
                        + ": line 1: the CERTIFICATE block has no END line"),
                errors("trust.anchors = open.pem\n", Map.of()));
    }

    @Test
    void containerSettingsAreCheckedAndNamed() {
        assertEquals(List.of("container configuration: revocation.timeout expects a duration from 1ms to 5m, found '0s'"),
                errors("", Map.of("revocation.timeout", "0s")));
        assertEquals(List.of("container configuration: unknown setting 'revocation.tiemout'"),
                errors("", Map.of("revocation.tiemout", "5s")));
        assertEquals(List.of("container configuration: principal can only be set in a rules file"),
                errors("", Map.of("principal", "subject.cn")));
    }

    @Test
    void overrideNeedsAResponder() {
        String file = dir.resolve("app.rules").toString();
        assertEquals(List.of(file + ":1:38: revocation.ocsp.responder-override = true needs revocation.ocsp.responder"),
                errors("revocation.ocsp.responder-override = true\n", Map.of()));
    }

    @Test
    void modeOffBuildsAGateWithoutRevocation() throws Exception {
        CertGate gate = load("revocation.mode = off\nrole a when true\n", Map.of("revocation.mode", "ocsp"));
        assertTrue(gate.rules().settings().stream().anyMatch(s -> s.key() == SettingKey.REVOCATION_MODE));
    }
}
