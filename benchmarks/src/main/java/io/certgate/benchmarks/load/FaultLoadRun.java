package io.certgate.benchmarks.load;

import io.certgate.core.CertGate;
import io.certgate.core.DecisionStatistics;
import io.certgate.core.DenialReason;
import io.certgate.core.config.RefresherAccess;
import io.certgate.core.config.ReloadState;
import io.certgate.core.revocation.RevocationStatistics;
import io.certgate.core.revocation.UnknownCause;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestOcspResponder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fault-and-load run against one container: many concurrent clients with distinct certificates while the OCSP
 * responder is normal, slow, down and back, and while the rules file is changed to a broken version and then to a
 * new one; then a second server whose revocation cache holds fewer statuses than there are clients.
 *
 * <p>Time is the run's own {@link MutableClock}, shared by certgate and the responder: it moves one {@link Phase#STEP}
 * between two rounds of requests, once every request of the round is answered and every background refresh has
 * finished, so each OCSP request belongs to one step. Every answer is checked as it arrives; what is wrong is
 * collected in {@link Result#violations()}:
 * <ul>
 *   <li>no 5xx and no request without an answer;</li>
 *   <li>no wrong decision: revoked clients and clients the rules give no role are never let in; a good client let in
 *       has its common name as principal and exactly the roles of one version of the rules file, never those of the
 *       broken file, only version 2's once it is in force, and an answer that is still valid; a good client that
 *       was let in with an answer valid until T is not refused before T (warm clients keep their cached answers); a
 *       good client is refused only while the responder is slow beyond the timeout or down;</li>
 *   <li>the responder receives at most one request per certificate per step (concurrent clients of a certificate
 *       share one lookup, an answer in use is refreshed once, a failed one is retried only after a backoff);</li>
 *   <li>certgate holds no more statuses than {@code revocation.cache.max-entries};</li>
 *   <li>the broken rules file is rejected with its error and version 1 stays in force; version 2 is then loaded;</li>
 *   <li>certgate's decision statistics agree with what the clients saw: every refusal of a good or revoked client
 *       is {@code REVOKED} or {@code REVOCATION_UNKNOWN}, and none of a good client is {@code REVOKED};</li>
 *   <li>each outage phase really had clients served by cached answers and clients refused without one.</li>
 * </ul>
 */
final class FaultLoadRun {
    /**
     * The sizes of a run and its phases: {@code full} runs {@link Phase#plan()}, else the {@link Phase#smoke()} of
     * every build.
     */
    record Settings(int certificates, int clients, int rounds, boolean full) {
        Settings {
            if (certificates < 20 || clients < 1 || rounds < 1) {
                throw new IllegalArgumentException("at least 20 certificates, 1 client, 1 round: " + this);
            }
        }

        /**
         * From {@code load.certificates}, {@code load.clients}, {@code load.rounds} and {@code load.full}; defaults 20,
         * 2, 1 and false: the smoke run.
         */
        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("load.certificates", 20), Integer.getInteger("load.clients", 2),
                    Integer.getInteger("load.rounds", 1), Boolean.getBoolean("load.full"));
        }

        List<Phase> phases() {
            return full ? Phase.plan() : Phase.smoke();
        }
    }

    /** What a run saw. */
    record Result(String container, Settings settings, List<PhaseResult> phases, List<String> violations,
                  DecisionStatistics decisions, Duration elapsed) {
    }

    private static final int MAX_REPORTED = 20;
    /**
     * certgate's audit records are switched off: a record per request on the console would cost more than the rest
     * of the server's work. Held strongly, as java.util.logging keeps weak references only.
     */
    private static final Logger AUDIT = Logger.getLogger(CertGate.AUDIT_LOGGER);

    private final String container;
    private final Target.Starter starter;
    private final Settings settings;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final LongAdder violationCount = new LongAdder();
    /** Per client index, the nextUpdate (epoch second) of the latest answer it was let in with. */
    private final Map<Integer, Long> warmUntil = new ConcurrentHashMap<>();
    private final LongAdder allowedTotal = new LongAdder();
    private final LongAdder refusedNoRole = new LongAdder();
    private final LongAdder refusedRevoked = new LongAdder();
    private final LongAdder refusedGood = new LongAdder();
    /** Good clients refused in this step while the responder answered at once, and their requests. */
    private final Set<Integer> refusedWhileHealthy = ConcurrentHashMap.newKeySet();
    private final LongAdder requestsRefusedWhileHealthy = new LongAdder();
    private volatile Set<Set<String>> rolesInForce = Set.of(LoadRules.V1_ROLES);

    private FaultLoadRun(String container, Target.Starter starter, Settings settings) {
        this.container = container;
        this.starter = starter;
        this.settings = settings;
    }

    /** Runs the settings' phases and the cache-bound phase against servers {@code starter} starts. */
    static Result run(String container, Target.Starter starter, Settings settings) throws Exception {
        return new FaultLoadRun(container, starter, settings).run();
    }

    private Result run() throws Exception {
        AUDIT.setLevel(Level.OFF);
        long start = System.nanoTime();
        int n = settings.certificates();
        List<PhaseResult> results = new ArrayList<>();
        DecisionStatistics decisions;
        Path dir = Files.createTempDirectory("certgate-load");
        ExecutorService workers = Executors.newFixedThreadPool(settings.clients());
        try (LoadPki pki = LoadPki.create(n, clock, Phase.VALIDITY)) {
            LoadRules rules = new LoadRules(Phase.TIMEOUT, 2 * n);
            Path file = dir.resolve("load.rules");
            Files.writeString(file, rules.v1());
            try (Target target = starter.start(pki, file, clock); Users users = new Users(pki, target.port(), settings.clients())) {
                warmUp(pki, target);
                int step = 0;
                int percent = 0;
                for (Phase phase : settings.phases()) {
                    pki.responder().mode(phase.mode()).latency(phase.latency());
                    clock.advance(phase.jumpBefore());
                    Tally tally = new Tally(phase.name());
                    for (int s = 0; s < phase.steps(); s++, step++) {
                        percent += phase.newPercent().get(s);
                        step(workers, users, pki, target, n * percent / 100, phase.healthy(), true, 2L * n, tally);
                        reload(step, file, rules, target);
                        clock.advance(Phase.STEP);
                    }
                    finish(phase, tally, results);
                }
                decisions = target.gate().statistics();
                checkStatistics(decisions);
            }
            pki.responder().mode(TestOcspResponder.Mode.NORMAL).latency(Duration.ZERO);
            results.add(cacheBound(workers, pki, dir, n));
        } finally {
            workers.shutdownNow();
        }
        List<String> found = new ArrayList<>(violations);
        if (violationCount.sum() > found.size()) {
            found.add(container + ": … and " + (violationCount.sum() - found.size()) + " more");
        }
        return new Result(container, settings, results, List.copyOf(found), decisions,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * A second server whose cache holds a quarter of the clients' statuses: every client, two steps, the responder
     * normal. Every good client is let in; the cache stays within its bound; the heap is measured.
     */
    private PhaseResult cacheBound(ExecutorService workers, LoadPki pki, Path dir, int n) throws Exception {
        int max = n / 4;
        Path file = dir.resolve("bounded.rules");
        Files.writeString(file, new LoadRules(Phase.TIMEOUT, max).v1());
        rolesInForce = Set.of(LoadRules.V1_ROLES);
        warmUntil.clear();
        Tally tally = new Tally("cache bound " + max + " < " + n);
        try (Target target = starter.start(pki, file, clock); Users users = new Users(pki, target.port(), settings.clients())) {
            for (int s = 0; s < 2; s++) {
                step(workers, users, pki, target, n, true, false, max, tally);
                clock.advance(Phase.STEP);
            }
            tally.heapAfterGc(heapAfterGcMib());
        }
        return tally.result();
    }

    /**
     * One request by a client outside the run before it starts, so that the server's first OCSP lookups are not
     * also the JVM's first (class loading, compilation), which on a busy 2-core machine can take longer than the
     * timeout.
     */
    private void warmUp(LoadPki pki, Target target) throws IOException {
        try (LoadClient client = new LoadClient(pki.warmUp().certificate(), pki.root(), target.port())) {
            LoadClient.Response r = client.newConnection("/");
            if (r.status() == 200) {
                allowedTotal.increment();
            } else {
                violation("the warm-up request was answered " + r);
            }
        }
    }

    private void finish(Phase phase, Tally tally, List<PhaseResult> results) {
        tally.heapAfterGc(heapAfterGcMib());
        PhaseResult r = tally.result();
        if (!phase.healthy() && (r.warmServed() == 0 || r.coldRefused() == 0)) {
            violation(phase.name() + ": the outage served " + r.warmServed() + " requests from cached answers and refused "
                    + r.coldRefused() + " without one; it should have done both");
        }
        results.add(r);
    }

    /** One step of the clock: every active client's requests, then the refreshes drained and the checks of the step. */
    private void step(ExecutorService workers, Users users, LoadPki pki, Target target, int active, boolean healthy,
                      boolean onePerStep, long maxEntries, Tally tally) throws Exception {
        Map<BigInteger, Integer> before = pki.responder().requestsBySerial();
        refusedWhileHealthy.clear();
        requestsRefusedWhileHealthy.reset();
        RevocationStatistics statsBefore = target.gate().revocationStatistics();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < settings.clients(); w++) {
            List<Users.User> mine = users.ofWorker(w, active);
            tasks.add(() -> {
                for (int round = 0; round < settings.rounds(); round++) {
                    for (Users.User u : mine) {
                        request(u, (round + u.worker() + u.client().index()) % 2 == 0, healthy, tally);
                    }
                }
                return null;
            });
        }
        for (Future<Void> f : workers.invokeAll(tasks)) {
            f.get();
        }
        RefresherAccess.drain(target.gate(), Duration.ofMinutes(10));
        Map<BigInteger, Integer> after = pki.responder().requestsBySerial();
        long most = 0;
        for (Map.Entry<BigInteger, Integer> e : after.entrySet()) {
            int hits = e.getValue() - before.getOrDefault(e.getKey(), 0);
            tally.responderHits.add(hits);
            most = Math.max(most, hits);
            if (onePerStep && hits > 1) {
                violation("the responder was asked " + hits + " times in one step about serial " + e.getKey().toString(16));
            }
        }
        tally.hitsInStep(most);
        judgeRefusalsWhileHealthy(statsBefore, target.gate().revocationStatistics(), tally);
        long entries = target.gate().revocationStatistics().entries();
        tally.cacheEntries(entries);
        if (entries > maxEntries) {
            violation("certgate held " + entries + " statuses, more than revocation.cache.max-entries = " + maxEntries);
        }
    }

    private void request(Users.User u, boolean kept, boolean healthy, Tally tally) {
        long now = clock.instant().getEpochSecond();
        LoadPki.Client c = u.client();
        LoadClient.Response r;
        try {
            r = kept ? u.connection().keptAlive("/") : u.connection().newConnection("/");
        } catch (IOException e) {
            tally.transportErrors.increment();
            violation(c.commonName() + ": no answer: " + e);
            return;
        }
        tally.requests.increment();
        if (!kept) {
            tally.newConnections.increment();
        }
        int status = r.status();
        if (status >= 500) {
            tally.serverErrors.increment();
            violation(c.commonName() + ": " + status);
            return;
        }
        boolean refusal = status == 401 || status == 403;
        if (status != 200 && !refusal) {
            wrong(tally, c, "status " + status);
            return;
        }
        if (refusal) {
            tally.refused.increment();
        }
        switch (c.kind()) {
            case REVOKED -> {
                if (!refusal) {
                    wrong(tally, c, "a revoked client was let in: " + r.body());
                } else {
                    refusedRevoked.increment();
                }
            }
            case NO_ROLE -> {
                if (!refusal) {
                    wrong(tally, c, "a client without roles was let in: " + r.body());
                } else {
                    refusedNoRole.increment();
                }
            }
            case GOOD -> {
                if (refusal) {
                    refusedGood.increment();
                    long warm = warmUntil.getOrDefault(c.index(), Long.MIN_VALUE);
                    if (healthy) {
                        refusedWhileHealthy.add(c.index());
                        requestsRefusedWhileHealthy.increment();
                    } else if (now < warm) {
                        wrong(tally, c, "refused at " + Instant.ofEpochSecond(now) + " though let in with an answer valid until "
                                + Instant.ofEpochSecond(warm));
                    } else {
                        tally.coldRefused.increment();
                    }
                } else {
                    allowedGood(tally, c, r.body(), now, healthy);
                }
            }
        }
        if (!refusal) {
            tally.allowed.increment();
            allowedTotal.increment();
        }
    }

    /**
     * Good clients refused while the responder answers at once are wrong decisions, unless as many OCSP requests of the
     * step timed out: on a busy machine an answer sent at once can still arrive after {@code revocation.timeout}, and
     * refusing then is what {@code revocation.on-unknown = deny} means.
     */
    private void judgeRefusalsWhileHealthy(RevocationStatistics before, RevocationStatistics after, Tally tally) {
        int clients = refusedWhileHealthy.size();
        if (clients == 0) {
            return;
        }
        long timeouts = after.ocsp().failures().get(UnknownCause.TIMEOUT) - before.ocsp().failures().get(UnknownCause.TIMEOUT);
        long requests = requestsRefusedWhileHealthy.sum();
        if (clients <= timeouts) {
            tally.refusedAfterTimeout.add(requests);
            return;
        }
        tally.wrong.add(requests);
        violation(clients + " good clients (" + requests + " requests) refused while the responder answers at once, with "
                + timeouts + " OCSP requests timed out in the step; fetch failures before " + before.ocsp().failures()
                + ", after " + after.ocsp().failures() + "; UNKNOWN answers before " + before.unknown() + ", after "
                + after.unknown());
    }

    private void allowedGood(Tally tally, LoadPki.Client c, String body, long now, boolean healthy) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String field : body.split(" ")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                fields.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        Set<String> roles = new HashSet<>(Arrays.asList(fields.getOrDefault("roles", "").split(",")));
        long next = Long.parseLong(fields.getOrDefault("next", "-1"));
        if (!c.commonName().equals(fields.get("principal"))) {
            wrong(tally, c, "principal in '" + body + "'");
        } else if (!rolesInForce.contains(roles)) {
            wrong(tally, c, "roles " + roles + " are not those of a version in force " + rolesInForce);
        } else if (next <= now) {
            wrong(tally, c, "let in on an answer that expired at " + Instant.ofEpochSecond(next));
        } else {
            warmUntil.merge(c.index(), next, Math::max);
            if (!healthy) {
                tally.warmServed.increment();
            }
        }
    }

    /** The rules file's changes, after given steps of the normal phase, and the checks of their effect. */
    private void reload(int step, Path file, LoadRules rules, Target target) throws IOException {
        ReloadState state = target.gate().state();
        switch (step) {
            case 1 -> LoadRules.replace(file, rules.broken());
            case 2 -> {
                String error = state.error().orElse("");
                if (state.lastResult() != ReloadState.Result.REJECTED
                        || !state.version().digest().equals(LoadRules.digest(rules.v1()))
                        || !error.contains(file.getFileName() + ":" + LoadRules.BROKEN_LINE + ":")) {
                    violation("the broken rules file was not rejected with its error, version 1 in force: " + state);
                }
            }
            case 3 -> {
                LoadRules.replace(file, rules.v2());
                rolesInForce = Set.of(LoadRules.V1_ROLES, LoadRules.V2_ROLES);
            }
            case 4 -> {
                if (!state.version().digest().equals(LoadRules.digest(rules.v2()))) {
                    violation("version 2 of the rules is not in force: " + state);
                }
                rolesInForce = Set.of(LoadRules.V2_ROLES);
            }
            default -> {
            }
        }
    }

    /** certgate's own counts against what the clients saw. */
    private void checkStatistics(DecisionStatistics d) {
        for (DenialReason reason : DenialReason.values()) {
            if (reason != DenialReason.REVOKED && reason != DenialReason.REVOCATION_UNKNOWN && d.denied(reason) > 0) {
                violation("certgate refused " + d.denied(reason) + " requests with " + reason);
            }
        }
        // A client without roles is refused by the container when certgate lets it in, and by certgate when its
        // status is unknown: the clients cannot tell which.
        long refusals = refusedGood.sum() + refusedRevoked.sum();
        long certgateRefusals = d.denied(DenialReason.REVOKED) + d.denied(DenialReason.REVOCATION_UNKNOWN);
        if (certgateRefusals < refusals || certgateRefusals > refusals + refusedNoRole.sum()) {
            violation("certgate counted " + certgateRefusals + " refusals, the clients saw " + refusals
                    + " of good and revoked clients and " + refusedNoRole.sum() + " of clients without roles: " + d);
        }
        long answered = allowedTotal.sum() + refusals + refusedNoRole.sum();
        if (d.total() != answered) {
            violation("certgate made " + d.total() + " decisions for " + answered + " answered requests: " + d);
        }
        if (d.denied(DenialReason.REVOKED) > refusedRevoked.sum()) {
            violation("certgate refused good clients as revoked: " + d.denied(DenialReason.REVOKED) + " REVOKED, "
                    + refusedRevoked.sum() + " refusals of revoked clients");
        }
        if (d.authenticated() < allowedTotal.sum()) {
            violation("certgate let in " + d.authenticated() + ", the clients were let in " + allowedTotal.sum() + " times");
        }
    }

    private void wrong(Tally tally, LoadPki.Client c, String what) {
        tally.wrong.increment();
        violation(c.commonName() + " (" + c.kind() + ") at " + clock.instant() + ": " + what);
    }

    private void violation(String message) {
        violationCount.increment();
        if (violations.size() < MAX_REPORTED) {
            violations.add(container + ": " + message);
        }
    }

    private static long heapAfterGcMib() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
