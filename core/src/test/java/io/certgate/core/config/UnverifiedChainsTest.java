package io.certgate.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnverifiedChainsTest {
    @Test
    void aConnectorThatPassesOnUnverifiedChainsStopsTheApplicationAndSaysWhatToChange() {
        String problem = UnverifiedChains.problem("/app", List.of("Connector[HTTP/1.1-8443] (certificateVerification=\"optional_no_ca\")"), false)
                .orElseThrow();
        assertTrue(problem.startsWith("client certificates reach /app unverified through Connector[HTTP/1.1-8443] "
                + "(certificateVerification=\"optional_no_ca\")"), problem);
        assertTrue(problem.endsWith("or set trust.anchors so that certgate validates the chains itself"), problem);
    }

    @Test
    void noSuchConnectorOrCertgateValidatingChainsItselfLetsItStart() {
        assertEquals(Optional.empty(), UnverifiedChains.problem("/app", List.of(), false));
        assertEquals(Optional.empty(), UnverifiedChains.problem("/app", List.of("a trust-all connector"), true));
    }

    @Test
    void rulesWithoutTrustAnchorsLeaveChainsToTheContainer(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("app.rules"), "role admin when subject.cn = \"alice\"\nrevocation.mode = off\n");
        assertFalse(ReloadingGate.load(rules, new ContainerSettings()).validatesChainsItself());
    }
}
