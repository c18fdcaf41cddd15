package io.certgate.core.config;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestOcspResponder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every numeric setting has a range, declared with the setting, and a value outside it is refused where it is
 * written: no value can load and then overflow the arithmetic of every decision.
 */
class SettingRangesTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    @TempDir
    Path dir;

    @Test
    void everyNumericSettingHasARangeThatHoldsItsDefault() {
        for (SettingKey key : SettingKey.values()) {
            assertEquals(key.kind().numeric(), key.range().isPresent(), key.key() + ": numeric settings, and only they, have a range");
            key.range().ifPresent(r -> {
                assertEquals(java.util.Optional.empty(), key.check(r.min()), key.key() + " accepts its minimum");
                assertEquals(java.util.Optional.empty(), key.check(r.max()), key.key() + " accepts its maximum");
                if (!key.defaultText().startsWith("(")) {
                    assertEquals(java.util.Optional.empty(), key.check(key.defaultText()), key.key() + " accepts its default");
                }
            });
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "revocation.cache.max-ttl = PT9000000000000000000S | 28 | revocation.cache.max-ttl expects a duration from 1s to 30d, found 'PT9000000000000000000S'",
            "revocation.cache.max-ttl = 31d | 28 | revocation.cache.max-ttl expects a duration from 1s to 30d, found '31d'",
            "revocation.cache.max-ttl = 999ms | 28 | revocation.cache.max-ttl expects a duration from 1s to 30d, found '999ms'",
            "revocation.timeout = 999999999d | 22 | revocation.timeout expects a duration from 1ms to 5m, found '999999999d'",
            "revocation.timeout = PT5M0.001S | 22 | revocation.timeout expects a duration from 1ms to 5m, found 'PT5M0.001S'",
            "revocation.timeout = 0s | 22 | revocation.timeout expects a duration from 1ms to 5m, found '0s'",
            "revocation.timeout = -PT1S | 22 | revocation.timeout expects a duration from 1ms to 5m, found '-PT1S'",
            "revocation.clock-skew = 2h | 25 | revocation.clock-skew expects a duration from 0s to 1h, found '2h'",
            "revocation.max-age = P367D | 22 | revocation.max-age expects a duration from 1s to 366d, found 'P367D'",
            "revocation.ocsp.max-bytes = 999999999999GiB | 29 | revocation.ocsp.max-bytes expects a size from 1KiB to 16MiB, found '999999999999GiB'",
            "revocation.ocsp.max-bytes = 16777217 | 29 | revocation.ocsp.max-bytes expects a size from 1KiB to 16MiB, found '16777217'",
            "revocation.crl.max-bytes = 2GiB | 28 | revocation.crl.max-bytes expects a size from 1KiB to 1GiB, found '2GiB'",
            "revocation.crl.max-bytes = 1023 | 28 | revocation.crl.max-bytes expects a size from 1KiB to 1GiB, found '1023'",
            "revocation.cache.max-entries = 10000001 | 32 | revocation.cache.max-entries expects a whole number from 1 to 10000000, found '10000001'",
            "revocation.cache.max-entries = 0 | 32 | revocation.cache.max-entries expects a whole number from 1 to 10000000, found '0'",
    })
    void anOutOfRangeValueInARulesFileIsALoadErrorAtItsPlaceNamingTheRange(String line, int column, String message) {
        RulesException e = assertThrows(RulesException.class, () -> RuleSet.parse("app.rules", "role a when true\n" + line + "\n"));
        assertEquals(List.of("app.rules:2:" + column + ": " + message), e.errors().stream().map(RulesError::toString).toList());
    }

    @Test
    void anOutOfRangeContainerSettingIsNamedBeforeAnyWebApplicationUsesIt() {
        ContainerSettings container = new ContainerSettings();
        container.set("revocation.cache.max-ttl", "PT9000000000000000000S");
        container.set("revocation.timeout", "6m");
        assertEquals(List.of("revocation.cache.max-ttl expects a duration from 1s to 30d, found 'PT9000000000000000000S'",
                        "revocation.timeout expects a duration from 1ms to 5m, found '6m'"),
                container.problems());
        RulesException e = assertThrows(RulesException.class, () -> Configuration.build(
                RuleSet.parse("app.rules", "role a when true\n"), dir, container.settings(), new MutableClock(Instant.now()), RUNTIME, Runnable::run));
        assertEquals(List.of("container configuration: revocation.cache.max-ttl expects a duration from 1s to 30d, found 'PT9000000000000000000S'",
                        "container configuration: revocation.timeout expects a duration from 1ms to 5m, found '6m'"),
                e.errors().stream().map(RulesError::toString).sorted().toList(), "in any order: the settings reach it as a map");
    }

    /** The largest value of every setting at once still decides: none of them overflows a deadline or an expiry. */
    @Test
    void theLargestValueOfEverySettingStillDecides() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TestCertificate ca = TestCertificate.builder().subject("CN=Ranges CA").ca(0).build();
        try (TestOcspResponder ocsp = TestOcspResponder.start(ca, clock)) {
            TestCertificate alice = TestCertificate.builder().subject("CN=alice").clientAuth()
                    .ocspResponder(ocsp.uri().toString()).signedBy(ca).build();
            ocsp.good(alice.certificate());
            List<String> lines = new ArrayList<>(List.of("role a when subject.cn = \"alice\"", "revocation.mode = ocsp"));
            for (SettingKey key : SettingKey.values()) {
                key.range().ifPresent(r -> lines.add(key.key() + " = " + r.max()));
            }
            Path rules = Files.writeString(dir.resolve("app.rules"), String.join("\n", lines) + "\n");
            CertGate gate = Configuration.build(RuleSet.load(rules), dir, Map.of(), clock, RUNTIME, Runnable::run);
            for (int i = 0; i < 2; i++) { // the second decision comes from the cache, kept for the longest time
                Decision.Authenticated a = assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()));
                assertTrue(a.roles().contains("a"), a.toString());
            }
            assertEquals(1, ocsp.requests(), "the answer was cached");
        }
    }
}
