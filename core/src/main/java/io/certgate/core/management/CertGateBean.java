package io.certgate.core.management;

import io.certgate.core.config.ReloadState;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.revocation.RevocationStatistics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The {@link CertGateMXBean} of a {@link ReloadingGate}: every attribute is read from the gate when asked. */
final class CertGateBean implements CertGateMXBean {
    private final ReloadingGate gate;

    CertGateBean(ReloadingGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public String getRules() {
        return gate.state().rules();
    }

    @Override
    public boolean isReloadable() {
        return gate.reloadable();
    }

    @Override
    public String getRulesVersion() {
        return gate.state().version().digest();
    }

    @Override
    public String getRulesLoadedAt() {
        return gate.state().version().loadedAt().toString();
    }

    @Override
    public String getLastCheck() {
        return gate.state().lastCheck().toString();
    }

    @Override
    public String getLastReloadResult() {
        return gate.state().lastResult().name();
    }

    @Override
    public boolean isLastReloadRejected() {
        return gate.state().lastResult() == ReloadState.Result.REJECTED;
    }

    @Override
    public String getLastReloadError() {
        return gate.state().error().orElse("");
    }

    @Override
    public long getDecisions() {
        return gate.statistics().total();
    }

    @Override
    public long getAuthenticated() {
        return gate.statistics().authenticated();
    }

    @Override
    public long getDenied() {
        return gate.statistics().denied();
    }

    @Override
    public Map<String, Long> getDenials() {
        return byName(gate.statistics().denials());
    }

    @Override
    public boolean isRevocationChecked() {
        return gate.current().revocation().isPresent();
    }

    @Override
    public long getCacheHits() {
        return revocation().hits();
    }

    @Override
    public long getCacheMisses() {
        return revocation().misses();
    }

    @Override
    public long getCacheEntries() {
        return revocation().entries();
    }

    @Override
    public long getCacheRefreshes() {
        return revocation().refreshes();
    }

    @Override
    public long getCacheFailedRefreshes() {
        return revocation().failedRefreshes();
    }

    @Override
    public long getOcspFetches() {
        return revocation().ocsp().fetches();
    }

    @Override
    public long getOcspFetchFailures() {
        return revocation().ocsp().failed();
    }

    @Override
    public Map<String, Long> getOcspFetchFailuresByCause() {
        return byName(revocation().ocsp().failures());
    }

    @Override
    public double getOcspFetchMeanMillis() {
        return millis(revocation().ocsp().meanTime());
    }

    @Override
    public double getOcspFetchMaxMillis() {
        return millis(revocation().ocsp().maxTime());
    }

    @Override
    public long getCrlFetches() {
        return revocation().crl().fetches();
    }

    @Override
    public long getCrlFetchFailures() {
        return revocation().crl().failed();
    }

    @Override
    public Map<String, Long> getCrlFetchFailuresByCause() {
        return byName(revocation().crl().failures());
    }

    @Override
    public double getCrlFetchMeanMillis() {
        return millis(revocation().crl().meanTime());
    }

    @Override
    public double getCrlFetchMaxMillis() {
        return millis(revocation().crl().maxTime());
    }

    @Override
    public long getKeptCrlBytes() {
        return revocation().keptCrlBytes();
    }

    @Override
    public long getParsedCrlBytes() {
        return revocation().parsedCrlBytes();
    }

    @Override
    public Map<String, Long> getUnknownAnswers() {
        return byName(revocation().unknown());
    }

    private RevocationStatistics revocation() {
        return gate.revocationStatistics();
    }

    private static <E extends Enum<E>> Map<String, Long> byName(Map<E, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }

    @Override
    public String toString() {
        return "CertGateBean{" + gate + "}";
    }
}
