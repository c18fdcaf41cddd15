package io.certgate.core.config;

import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.rules.RulesError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's floor under the rules files of web applications: with {@code revocation.forbid-weakening = true} in
 * the container's settings, a rules file may make revocation checking stricter but not weaker than the container's
 * settings (their built-in defaults where the container sets none). Weaker means:
 * <ul>
 *   <li>{@code revocation.mode = off} where the container checks;</li>
 *   <li>{@code revocation.on-unknown = allow} where the container denies;</li>
 *   <li>{@code revocation.scope = leaf} where the container checks the chain;</li>
 *   <li>{@code revocation.ocsp.nonce = false} where the container requires one;</li>
 *   <li>a longer {@code revocation.max-age}, {@code revocation.clock-skew} or {@code revocation.cache.max-ttl}
 *       (older, earlier-dated or longer-cached answers accepted);</li>
 *   <li>another {@code revocation.ocsp.responder-cert} (a signer trusted for every certificate), or
 *       {@code revocation.ocsp.responder-override = true} (one responder answering for every certificate) where the
 *       container has not set them so.</li>
 * </ul>
 * Other settings (sources' order, timeouts, sizes, CRL files, issuers) cannot let a revoked certificate in.
 */
final class RevocationFloor {
    private RevocationFloor() {
    }

    /**
     * The settings of a rules file that weaken the container's, each as an error at the setting's place; empty when
     * the container does not forbid weakening.
     *
     * @param container the container's settings, by key
     * @param rules     the rules file's settings
     */
    static List<RulesError> violations(Map<SettingKey, Setting> container, List<Setting> rules) {
        Setting forbid = container.get(SettingKey.REVOCATION_FORBID_WEAKENING);
        if (forbid == null || !Boolean.TRUE.equals(forbid.parsed())) {
            return List.of();
        }
        List<RulesError> out = new ArrayList<>();
        for (Setting s : rules) {
            if (s.key() == SettingKey.PRINCIPAL) {
                continue;
            }
            Setting floor = container.get(s.key());
            Object floorValue = floor != null ? floor.parsed() : builtIn(s.key()).orElse(null);
            if (weakens(s.key(), s.parsed(), floorValue)) {
                String theirs = floor != null ? floor.value() : s.key().defaultText();
                out.add(new RulesError(s.source(), s.line(), s.column(), s.key().key() + " = " + s.value()
                        + " weakens revocation below the container's floor (revocation.forbid-weakening = true): the"
                        + " container has " + s.key().key() + " = " + theirs + (floor == null ? " (the default)" : "")));
            }
        }
        return out;
    }

    private static Optional<Object> builtIn(SettingKey key) {
        return key.defaultText().startsWith("(") ? Optional.empty() : Optional.of(key.parse(key.defaultText()));
    }

    private static boolean weakens(SettingKey key, Object value, Object floor) {
        return switch (key) {
            case REVOCATION_MODE -> value == RevocationSettings.Mode.OFF && floor != RevocationSettings.Mode.OFF;
            case REVOCATION_ON_UNKNOWN -> value == RevocationSettings.OnUnknown.ALLOW && floor != RevocationSettings.OnUnknown.ALLOW;
            case REVOCATION_SCOPE -> value == RevocationSettings.Scope.LEAF && floor == RevocationSettings.Scope.CHAIN;
            case REVOCATION_OCSP_NONCE -> Boolean.FALSE.equals(value) && Boolean.TRUE.equals(floor);
            case REVOCATION_OCSP_RESPONDER_OVERRIDE -> Boolean.TRUE.equals(value) && !Boolean.TRUE.equals(floor);
            // a file's name is compared as written: another path is another signer as far as the floor can tell
            case REVOCATION_OCSP_RESPONDER_CERT -> !Objects.equals(value, floor);
            // an unset max-age is 7 days for answers without nextUpdate and no bound for the others: any value bounds more
            case REVOCATION_MAX_AGE, REVOCATION_CLOCK_SKEW, REVOCATION_CACHE_MAX_TTL ->
                    floor != null && ((Duration) value).compareTo((Duration) floor) > 0;
            default -> false;
        };
    }
}
