package io.certgate.benchmarks.load;

import java.util.Locale;

/** The summary table of a load run, in Markdown, one row per phase. */
final class LoadReport {
    private LoadReport() {
    }

    static String table(FaultLoadRun.Result result) {
        StringBuilder b = new StringBuilder();
        FaultLoadRun.Settings s = result.settings();
        b.append(String.format(Locale.ROOT, "%s: %s run, %d certificates, %d client threads, %d rounds per step, %d s%n%n",
                result.container(), s.full() ? "full" : "smoke", s.certificates(), s.clients(), s.rounds(),
                result.elapsed().toSeconds()));
        b.append("| phase | requests | new connections | 200 | 401/403 | 5xx | no answer | wrong | served from cache"
                + " in outage | refused without an answer | refused after a timed-out fetch | responder hits | max hits per cert per step"
                + " | max cache entries | heap after GC | seconds |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult p : result.phases()) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %d | %d | %d | %,d | %,d | %,d | %,d | %d | %,d | %d MiB | %d |%n",
                    p.name(), p.requests(), p.newConnections(), p.allowed(), p.refused(), p.serverErrors(),
                    p.transportErrors(), p.wrong(), p.warmServed(), p.coldRefused(), p.refusedAfterTimeout(), p.responderHits(),
                    p.maxHitsPerStep(), p.maxCacheEntries(), p.heapAfterGcMib(), p.seconds()));
        }
        b.append(String.format(Locale.ROOT, "%ncertgate's decisions: %s%n", result.decisions()));
        return b.toString();
    }
}
