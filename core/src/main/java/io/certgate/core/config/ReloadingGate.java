package io.certgate.core.config;

import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.DecisionStatistics;
import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.revocation.RevocationStatistics;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesException;
import io.certgate.core.rules.RulesFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link CertGate} of one web application, rebuilt when its rules file changes: the adapters decide through
 * it instead of through a fixed gate. Thread-safe.
 *
 * <p>Each {@link #decide} reads the gate in force once, so every request is decided by exactly one version of the
 * rules, also while a reload happens. At most every {@link #CHECK_INTERVAL} (by the container's clock) the
 * first request to come looks at the file: when its size or modification time changed, it reads the file and
 * compares the SHA-256 of its content with the version in force, so a touched but unchanged file is not parsed
 * again. A changed file is parsed and its gate built completely before it replaces the old one; a file with errors
 * is rejected, the old version stays in force, its {@code FILE:LINE:COLUMN} errors are logged at ERROR once per
 * broken content (not per request) and kept in {@link #state()}. Callers may also look at once with
 * {@link #reloadIfChanged()}.
 *
 * <p>The revocation checker, with its cached answers and statistics, is kept across a reload unless the
 * revocation settings or the files they name changed. Decision statistics go on across reloads. Local CRL files
 * ({@code revocation.crl.files}) are re-read by the checker itself when they change, without a reload.
 *
 * <p>Rules inside a packed web application (a resource without a file) cannot change: they are never reloaded.
 * Writers of a rules file should replace it at once (write a new file, then move it over the old one): a file
 * read while it is half written is parsed as it is then, and may be valid.
 *
 * <p>A gate holds the container's {@link RevocationRuntime} from its creation until {@link #close()}, and refreshes
 * its cached revocation answers on an executor of its own, so that its responder, however slow, delays no other web
 * application's refreshes. The adapters close a web application's gate when it stops; when the last gate closes, no
 * certgate thread is left.
 */
public final class ReloadingGate implements AutoCloseable {
    /** How often the rules file is looked at, at most. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    /** Files modified this close to the look at them may still change within their time stamp's resolution. */
    private static final Duration RACY = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(ReloadingGate.class.getName());

    /** What is in force: the gate and the version of the file it was built from. */
    private record Current(Configuration.Built built, RulesVersion version) {
    }

    /** What the last read of the file saw; when {@code racy}, the next look reads the file again. */
    private record Seen(FileTime modified, long size, boolean racy) {
    }

    private final String name;
    private final Path file;
    private final Map<String, String> container;
    private final Clock clock;
    private final RevocationRuntime runtime;
    private final ExecutorService refresher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Current> current;
    private final AtomicReference<Instant> nextCheck;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile ReloadState state;
    /** Guarded by {@link #reloading}. */
    private Seen seen;
    /** The digest of the last rejected content, so it is neither parsed nor logged again; guarded by {@link #reloading}. */
    private String rejected;
    /** Why {@link #rejected} was rejected; guarded by {@link #reloading}. */
    private String rejectedBecause;

    /** A gate that holds {@code runtime} until it closes; the runtime is released at once when building fails. */
    private ReloadingGate(String name, Path file, byte[] bytes, Seen seen, ContainerSettings container,
                          RevocationRuntime runtime) throws RulesException {
        this.name = name;
        this.file = file;
        this.container = container.settings();
        this.clock = container.clock();
        this.runtime = runtime;
        this.refresher = runtime.refresher(file == null ? name : String.valueOf(file.getFileName()));
        this.seen = seen;
        Configuration.Built built;
        try {
            RuleSet rules = RuleSet.parse(name, bytes);
            Path base = file == null ? null : file.toAbsolutePath().getParent();
            built = Configuration.build(rules, base, this.container, clock, runtime, refresher, null);
        } catch (RulesException | RuntimeException | Error e) {
            close();
            throw e;
        }
        Instant now = clock.instant();
        RulesVersion version = new RulesVersion(digest(bytes), now);
        this.current = new AtomicReference<>(new Current(built, version));
        this.nextCheck = new AtomicReference<>(now.plus(CHECK_INTERVAL));
        this.state = new ReloadState(name, file != null, version, now, ReloadState.Result.LOADED, null);
    }

    /**
     * The reloading gate of a web application, with its rules located as {@link Configuration#forWebApplication}
     * does; reloadable when they are a file.
     *
     * @throws RulesException when no rules are named, or the rules or settings are wrong
     */
    public static ReloadingGate forWebApplication(WebApplication app, ContainerSettings container) throws RulesException {
        Configuration.Located located = Configuration.locate(app, container);
        if (located.file() == null) {
            return new ReloadingGate(located.name(), null, located.bytes(), null, container, RevocationRuntime.acquire());
        }
        return load(located.file(), container);
    }

    /**
     * The reloading gate of a rules file.
     *
     * @param container the container's settings (defaults for the file's own) and clock
     * @throws RulesException when the file cannot be read, or the rules or settings are wrong
     */
    public static ReloadingGate load(Path rulesFile, ContainerSettings container) throws RulesException {
        Objects.requireNonNull(rulesFile, "rulesFile");
        Objects.requireNonNull(container, "container");
        Configuration.checkRulesFile(rulesFile);
        try {
            BasicFileAttributes before = Files.readAttributes(rulesFile, BasicFileAttributes.class);
            byte[] bytes = RulesFile.read(rulesFile);
            return new ReloadingGate(rulesFile.toString(), rulesFile, bytes, seen(rulesFile, before), container,
                    RevocationRuntime.acquire());
        } catch (IOException e) {
            throw RulesException.unreadable(rulesFile.toString(), e);
        }
    }

    /** Refuses a request with a reason the adapter established, through the gate in force; see {@link CertGate#refuse}. */
    public Decision refuse(X509Certificate[] chain, DenialReason reason, String message) {
        return current().refuse(chain, reason, message);
    }

    /**
     * Decides for a verified chain, leaf first, with the gate in force; first looks at the rules file when
     * {@link #CHECK_INTERVAL} has passed since the last look. Never throws; see {@link CertGate#decide}.
     */
    public Decision decide(X509Certificate[] chain) {
        if (file != null) {
            Instant now = clock.instant();
            Instant next = nextCheck.get();
            if (!now.isBefore(next) && nextCheck.compareAndSet(next, now.plus(CHECK_INTERVAL)) && reloading.tryLock()) {
                try {
                    check();
                } catch (RuntimeException e) {
                    // A request is decided by the version in force, whatever went wrong with the look at the file.
                    LOG.log(System.Logger.Level.ERROR, "certgate: failed to look at " + name, e);
                } finally {
                    reloading.unlock();
                }
            }
        }
        return current.get().built().gate().decide(chain);
    }

    /**
     * Whether certgate validates client chains itself, against trust anchors of its own (the setting
     * {@code trust.anchors} in force), rather than relying on the container's TLS verification; see
     * {@link UnverifiedChains}. Reflects the rules in force.
     */
    public boolean validatesChainsItself() {
        return current().validatesChainsItself();
    }

    /** The gate in force now. */
    public CertGate current() {
        return current.get().built().gate();
    }

    /** Whether the rules are a file that is watched. */
    public boolean reloadable() {
        return file != null;
    }

    /** The version in force and the result of the last look at the file. */
    public ReloadState state() {
        return state;
    }

    /** Decisions made so far by every version, by outcome and denial reason. */
    public DecisionStatistics statistics() {
        return current().statistics();
    }

    /** The statistics of the revocation checker in force, all zero when revocation is not checked. */
    public RevocationStatistics revocationStatistics() {
        return current().revocationStatistics();
    }

    /**
     * Looks at the rules file now and reloads it when it changed, waiting for a look already under way.
     *
     * @return what the look found; {@link ReloadState.Result#UNCHANGED} when the rules are not reloadable
     */
    public ReloadState.Result reloadIfChanged() {
        if (file == null) {
            return ReloadState.Result.UNCHANGED;
        }
        reloading.lock();
        try {
            nextCheck.set(clock.instant().plus(CHECK_INTERVAL));
            return check();
        } finally {
            reloading.unlock();
        }
    }

    /** Looks at the file; the caller holds {@link #reloading}. Never throws. */
    private ReloadState.Result check() {
        Instant now = clock.instant();
        Current in = current.get();
        // Looked at on every look, as a change of mode leaves the file's time and size as they were.
        Optional<String> unsafe = FilePermissions.refusal(file);
        if (unsafe.isPresent()) {
            seen = null; // once the mode is fixed, the next look reads the file again
            return reject(now, in, "mode " + unsafe.get(), name + ": refused: " + unsafe.get());
        }
        byte[] bytes;
        try {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            if (seen != null && !seen.racy() && seen.modified().equals(before.lastModifiedTime())
                    && seen.size() == before.size()) {
                return rejected == null ? record(now, in.version(), ReloadState.Result.UNCHANGED, null)
                        : record(now, in.version(), ReloadState.Result.REJECTED, rejectedBecause);
            }
            bytes = RulesFile.read(file);
            seen = seen(file, before);
        } catch (IOException e) {
            seen = null;
            return reject(now, in, "unreadable: " + e, RulesException.unreadable(name, e).getMessage());
        }
        String digest = digest(bytes);
        if (digest.equals(in.version().digest())) {
            rejected = null;
            return record(now, in.version(), ReloadState.Result.UNCHANGED, null);
        }
        if (digest.equals(rejected)) {
            return record(now, in.version(), ReloadState.Result.REJECTED, rejectedBecause);
        }
        try {
            RuleSet rules = RuleSet.parse(name, bytes);
            Configuration.Built built = Configuration.build(rules, file.toAbsolutePath().getParent(), container, clock,
                    runtime, refresher, in.built());
            RulesVersion version = new RulesVersion(digest, now);
            current.set(new Current(built, version));
            rejected = null;
            LOG.log(System.Logger.Level.INFO, "certgate: reloaded " + name + ", version " + version.digest()
                    + (built.gate().revocation().equals(in.built().gate().revocation())
                    ? "" : "; revocation settings changed, revocation cache emptied"));
            return record(now, version, ReloadState.Result.RELOADED, null);
        } catch (RulesException e) {
            return reject(now, in, digest, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "certgate: failed to reload " + name, e);
            return reject(now, in, digest, name + ":0:0: internal error while reloading: " + e);
        }
    }

    private ReloadState.Result reject(Instant now, Current in, String digest, String message) {
        if (!digest.equals(rejected)) {
            rejected = digest;
            rejectedBecause = message;
            LOG.log(System.Logger.Level.ERROR, "certgate: the changed rules file is rejected; version "
                    + in.version().digest() + " stays in force:" + System.lineSeparator() + message);
        }
        return record(now, in.version(), ReloadState.Result.REJECTED, message);
    }

    private ReloadState.Result record(Instant now, RulesVersion version, ReloadState.Result result, String error) {
        state = new ReloadState(name, true, version, now, result, error);
        return result;
    }

    private static Seen seen(Path file, BasicFileAttributes before) throws IOException {
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        // The file system's own time, not the gate's clock: the question is whether its time stamp can still move.
        boolean racy = !after.lastModifiedTime().equals(before.lastModifiedTime()) || after.size() != before.size()
                || after.lastModifiedTime().toInstant().isAfter(Instant.now().minus(RACY));
        return new Seen(after.lastModifiedTime(), after.size(), racy);
    }

    /** The version's short form: the first 16 hex digits of the content's SHA-256. */
    static String digest(byte[] bytes) {
        return Configuration.sha256Hex(bytes).substring(0, 16);
    }

    /** The executor of this gate's background revocation refreshes. */
    ExecutorService refresher() {
        return refresher;
    }

    /**
     * Stops the gate's refreshes and releases its hold on the container's {@link RevocationRuntime}; the adapters
     * call it when the web application stops; closing again does nothing. Decisions made after the close still
     * work, but revocation answers they would fetch may be UNKNOWN.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            refresher.shutdownNow();
            runtime.close();
        }
    }

    @Override
    public String toString() {
        return "ReloadingGate{" + name + ", " + state.version() + "}";
    }
}
