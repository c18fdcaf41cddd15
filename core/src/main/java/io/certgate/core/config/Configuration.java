package io.certgate.core.config;

import io.certgate.core.CertGate;
import io.certgate.core.files.CertificateFile;
import io.certgate.core.files.CertificateLoader;
import io.certgate.core.files.FileFormatException;
import io.certgate.core.revocation.NetworkSources;
import io.certgate.core.revocation.RevocationChecker;
import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationSources;
import io.certgate.core.revocation.StaticSources;
import io.certgate.core.path.PathBuilder;
import io.certgate.core.path.TrustAnchors;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import io.certgate.core.rules.RulesFile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Builds a {@link CertGate} from a rules file and the container's settings, as the adapters do: the rules
 * file's settings win over the container's (which act as defaults for every web application); files named by
 * settings are read relative to the rules file. Every problem is a {@link RulesException} that names the
 * file, line and column, or the container setting.
 */
public final class Configuration {
    private static final System.Logger LOG = System.getLogger(Configuration.class.getName());

    /** Where the container's settings come from, for messages. */
    public static final String CONTAINER = "container configuration";

    private Configuration() {
    }

    /**
     * Loads a rules file and builds the CertGate it describes.
     *
     * @param rulesFile the rules file
     * @param container settings from the container (Jetty module properties, Tomcat attributes), by key
     * @param runtime   where revocation fetches, keeps CRLs and refreshes (on a refresh executor of its own for this
     *                  gate, which ends with the runtime)
     */
    public static CertGate load(Path rulesFile, Map<String, String> container, RevocationRuntime runtime)
            throws RulesException {
        checkRulesFile(rulesFile);
        return build(RuleSet.load(rulesFile), rulesFile.toAbsolutePath().getParent(), container, Clock.systemUTC(),
                runtime, runtime.refresher(rulesFile.getFileName().toString()));
    }

    /**
     * Builds the CertGate of a web application from the rules its {@value RulesLocation#CONTEXT_PARAM}
     * context-param names or, when it has none, from the container's default rules.
     *
     * @param app       the web application
     * @param container the container's default rules, settings and clock
     * @param runtime   where revocation fetches, keeps CRLs and refreshes (on a refresh executor of its own for this
     *                  gate, which ends with the runtime)
     * @throws RulesException when neither names rules, or the rules or settings are wrong
     */
    public static CertGate forWebApplication(WebApplication app, ContainerSettings container, RevocationRuntime runtime)
            throws RulesException {
        Located located = locate(app, container);
        if (located.file() != null) {
            checkRulesFile(located.file());
        }
        RuleSet rules = located.file() != null ? RuleSet.load(located.file()) : RuleSet.parse(located.name(), located.bytes());
        return build(rules, located.base(), container.settings(), container.clock(), runtime, runtime.refresher(app.name()));
    }

    /**
     * Where a web application's rules are: a file, or the bytes of a resource that has no file (inside a packed
     * web application), which cannot change while the application runs.
     *
     * @param file  the rules file, or null
     * @param name  the rules' name for messages
     * @param bytes the resource's content when there is no file, else null
     */
    record Located(Path file, String name, byte[] bytes) {
        Path base() {
            return file == null ? null : file.toAbsolutePath().getParent();
        }
    }

    static Located locate(WebApplication app, ContainerSettings container) throws RulesException {
        String defaultRules = container.getRules();
        Optional<String> param = app.initParameter(RulesLocation.CONTEXT_PARAM).filter(v -> !v.isBlank());
        RulesLocation location;
        if (param.isPresent()) {
            location = RulesLocation.parse(param.get(), app.name() + " context-param " + RulesLocation.CONTEXT_PARAM);
        } else if (defaultRules != null && !defaultRules.isBlank()) {
            location = RulesLocation.parse(defaultRules, CONTAINER);
        } else {
            throw new RulesException(List.of(new RulesError(app.name(), 0, 0, "no rules: set the context-param "
                    + RulesLocation.CONTEXT_PARAM + " in web.xml or the container's default " + RulesLocation.CONTEXT_PARAM)));
        }
        Optional<Path> file = location.inWebApp()
                ? app.realPath(location.value()).filter(Files::isRegularFile) : Optional.of(location.file());
        if (file.isPresent()) {
            return new Located(file.get(), file.get().toString(), null);
        }
        String source = app.name() + location.value();
        try (InputStream in = app.resource(location.value()).orElseThrow(() -> new NoSuchFileException(location.value()))) {
            return new Located(null, source, RulesFile.read(in));
        } catch (IOException e) {
            throw RulesException.unreadable(source, e);
        }
    }

    /**
     * Refuses a rules file that users other than its owner may change; see {@link FilePermissions}.
     *
     * @throws RulesException naming the file, its mode and the fix
     */
    static void checkRulesFile(Path file) throws RulesException {
        Optional<String> refusal = FilePermissions.refusal(file);
        if (refusal.isPresent()) {
            throw new RulesException(List.of(new RulesError(file.toString(), 0, 0, "refused: " + refusal.get())));
        }
    }

    /** The files and folders that settings name, each refused when users other than its owner may change it. */
    private static List<RulesError> unsafeFiles(Map<SettingKey, Setting> effective, Path base) {
        List<RulesError> errors = new ArrayList<>();
        for (Setting s : effective.values()) {
            SettingKey.Kind kind = s.key().kind();
            if ((kind != SettingKey.Kind.FILE && kind != SettingKey.Kind.GLOB)
                    || (base == null && !Path.of(s.value()).isAbsolute())) {
                continue; // relative paths without a folder are reported as such
            }
            Path named = base == null ? Path.of(s.value()) : base.resolve(s.value());
            List<Path> files = kind == SettingKey.Kind.FILE ? List.of(named) : globbed(named.normalize());
            for (Path file : files) {
                FilePermissions.refusal(file).ifPresent(refusal -> errors.add(error(s, refusal)));
            }
        }
        return errors;
    }

    /** A glob's folder and the files in it that match, as {@code revocation.crl.files} reads them. */
    private static List<Path> globbed(Path pattern) {
        Path folder = pattern.getParent();
        if (folder == null || pattern.getFileName() == null) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        out.add(folder);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                if (matcher.matches(p.getFileName())) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // a missing folder holds no files to refuse; revocation reports it when it reads the CRLs
        }
        return out;
    }

    /**
     * Builds a CertGate for parsed rules.
     *
     * @param base      the folder relative files are read from, or null when the rules have none (inside a packed
     *                  web application): relative files are then an error
     * @param runtime   where revocation fetches and keeps CRLs
     * @param refresher runs the background refreshes of cached revocation answers; one per gate (see
     *                  {@link RevocationRuntime#refresher}), so that a hung responder holds up no other gate's
     */
    public static CertGate build(RuleSet rules, Path base, Map<String, String> container, Clock clock,
                                 RevocationRuntime runtime, Executor refresher) throws RulesException {
        return build(rules, base, container, clock, runtime, refresher, null).gate();
    }

    /**
     * Checks what building a gate for {@code rules} checks beyond the rules themselves: the settings' values and the
     * files they name (issuer certificates, responder certificates, CRL files), read from {@code base}. Nothing is
     * fetched from the network. {@code certgate explain} uses it so that a file it accepts is one a server accepts.
     *
     * @throws RulesException with the {@code FILE:LINE:COLUMN} of every setting that is wrong
     */
    public static void check(RuleSet rules, Path base) throws RulesException {
        try (RevocationRuntime unused = RevocationRuntime.create()) {
            buildChecked(rules, base, Map.of(), Clock.systemUTC(), unused, Runnable::run, null);
        }
    }

    /**
     * A built gate and what its revocation checker was built from.
     *
     * @param revocationKey every effective setting but the principal, with the content digests of the files they
     *                      name: equal keys build equal revocation checkers
     */
    record Built(CertGate gate, RevocationKey revocationKey) {
    }

    /** What a revocation checker is built from: settings by key (file settings with their files' digests) and the base folder. */
    record RevocationKey(Map<SettingKey, String> settings, String base) {
        RevocationKey {
            settings = Map.copyOf(settings);
        }
    }

    /**
     * Builds a CertGate, keeping the revocation checker of {@code previous} (its cache and statistics) when the
     * revocation settings and the files they name are unchanged; decision statistics go on in the counters of
     * {@code previous}.
     *
     * @param previous the gate this one replaces, or null
     */
    static Built build(RuleSet rules, Path base, Map<String, String> container, Clock clock, RevocationRuntime runtime,
                       Executor refresher, Built previous) throws RulesException {
        Built built = buildChecked(rules, base, container, clock, runtime, refresher, previous);
        for (RulesError warning : rules.warnings()) {
            LOG.log(System.Logger.Level.WARNING, "certgate: " + warning);
        }
        return built;
    }

    private static Built buildChecked(RuleSet rules, Path base, Map<String, String> container, Clock clock,
                                      RevocationRuntime runtime, Executor refresher, Built previous)
            throws RulesException {
        Map<SettingKey, Setting> effective = effective(rules, container);
        List<RulesError> unsafe = unsafeFiles(effective, base);
        if (!unsafe.isEmpty()) {
            throw new RulesException(unsafe);
        }
        RevocationKey key = revocationKey(effective, base);
        if (previous != null && previous.revocationKey().equals(key)) {
            CertGate.Builder gate = CertGate.builder().rules(rules).clock(clock).continueStatisticsOf(previous.gate());
            previous.gate().revocation().ifPresent(gate::revocation);
            gate.paths(previous.gate().paths());
            List<RulesError> errors = new ArrayList<>();
            trustAnchors(effective, base, gate, errors);
            if (!errors.isEmpty()) {
                throw new RulesException(errors);
            }
            return new Built(gate.build(), key);
        }
        List<RulesError> errors = new ArrayList<>();
        if (base == null) {
            for (Setting s : effective.values()) {
                if ((s.key().kind() == SettingKey.Kind.FILE || s.key().kind() == SettingKey.Kind.GLOB)
                        && !Path.of(s.value()).isAbsolute()) {
                    errors.add(error(s, "the relative path " + s.value()
                            + " has no folder to start from (the rules are inside a packed web application); use an absolute path"));
                }
            }
            if (!errors.isEmpty()) {
                throw new RulesException(errors);
            }
        }
        CertGate.Builder gate = CertGate.builder().rules(rules).clock(clock);
        RevocationSettings settings = revocationSettings(effective, base, errors);
        // the files a setting names are read even when revocation is off: a wrong setting is never silently ignored
        List<X509Certificate> issuers = new ArrayList<>();
        Setting issuersSetting = effective.get(SettingKey.REVOCATION_ISSUERS);
        if (issuersSetting != null) {
            issuers.addAll(certificates(issuersSetting, base, errors));
        }
        trustAnchors(effective, base, gate, errors);
        if (!errors.isEmpty()) {
            throw new RulesException(errors);
        }
        if (settings.mode() != RevocationSettings.Mode.OFF) {
            Setting crlFiles = effective.get(SettingKey.REVOCATION_CRL_FILES);
            RevocationSources local = StaticSources.local(issuers, crlFiles == null ? null : crlFiles.value(), base, settings, clock);
            RevocationSources sources = NetworkSources.over(local, settings, clock, runtime);
            gate.revocation(RevocationChecker.cached(settings, sources, clock, refresher));
        } else {
            // the issuer attributes still find a leaf-only client's issuer among the configured ones
            gate.paths(PathBuilder.of(issuers));
        }
        if (previous != null) {
            gate.continueStatisticsOf(previous.gate());
        }
        return new Built(gate.build(), key);
    }

    private static RevocationKey revocationKey(Map<SettingKey, Setting> effective, Path base) {
        Map<SettingKey, String> key = new EnumMap<>(SettingKey.class);
        for (Setting s : effective.values()) {
            if (s.key() == SettingKey.PRINCIPAL) {
                continue;
            }
            String value = s.value();
            if (s.key().kind() == SettingKey.Kind.FILE) {
                // The checker holds the certificates these files held when it was built.
                value += " " + digest(base == null ? Path.of(s.value()) : base.resolve(s.value()));
            }
            key.put(s.key(), value);
        }
        return new RevocationKey(key, String.valueOf(base));
    }

    private static String digest(Path file) {
        try {
            return sha256Hex(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The SHA-256 of {@code bytes} in hexadecimal. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static Map<SettingKey, Setting> effective(RuleSet rules, Map<String, String> container) throws RulesException {
        Map<SettingKey, Setting> out = new EnumMap<>(SettingKey.class);
        List<RulesError> errors = new ArrayList<>();
        container.forEach((k, v) -> {
            Optional<String> problem = ContainerSettings.problem(k, v);
            if (problem.isPresent()) {
                errors.add(new RulesError(CONTAINER, 0, 0, problem.get()));
            } else {
                SettingKey key = SettingKey.byKey(k).orElseThrow();
                out.put(key, new Setting(key, v, CONTAINER, 0, 0));
            }
        });
        if (!errors.isEmpty()) {
            throw new RulesException(errors);
        }
        List<RulesError> weaker = RevocationFloor.violations(out, rules.settings());
        if (!weaker.isEmpty()) {
            throw new RulesException(weaker);
        }
        for (Setting s : rules.settings()) {
            out.put(s.key(), s);
        }
        return out;
    }

    private static RevocationSettings revocationSettings(Map<SettingKey, Setting> s, Path base, List<RulesError> errors) {
        RevocationSettings.Builder b = RevocationSettings.builder();
        for (Setting setting : s.values()) {
            try {
                apply(b, setting, base, errors);
            } catch (IllegalArgumentException e) {
                errors.add(error(setting, e.getMessage()));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            Setting at = s.get(SettingKey.REVOCATION_OCSP_RESPONDER_OVERRIDE);
            errors.add(at == null ? new RulesError(CONTAINER, 0, 0, e.getMessage()) : error(at, e.getMessage()));
            return RevocationSettings.defaults();
        }
    }

    private static void apply(RevocationSettings.Builder b, Setting s, Path base, List<RulesError> errors) {
        Object v = s.parsed();
        switch (s.key()) {
            case REVOCATION_MODE -> b.mode((RevocationSettings.Mode) v);
            case REVOCATION_SCOPE -> b.scope((RevocationSettings.Scope) v);
            case REVOCATION_ON_UNKNOWN -> b.onUnknown((RevocationSettings.OnUnknown) v);
            case REVOCATION_TIMEOUT -> b.timeout((Duration) v);
            case REVOCATION_CLOCK_SKEW -> b.clockSkew((Duration) v);
            case REVOCATION_MAX_AGE -> b.maxAge((Duration) v);
            case REVOCATION_OCSP_RESPONDER -> b.ocspResponder((URI) v);
            case REVOCATION_OCSP_RESPONDER_OVERRIDE -> b.ocspResponderOverride((Boolean) v);
            case REVOCATION_OCSP_RESPONDER_CERT -> {
                List<X509Certificate> certs = certificates(s, base, errors);
                if (certs.size() == 1) {
                    b.ocspResponderCert(certs.get(0));
                } else if (!certs.isEmpty()) {
                    errors.add(error(s, "expected one certificate in " + s.value() + ", found " + certs.size()));
                }
            }
            case REVOCATION_OCSP_NONCE -> b.ocspNonce((Boolean) v);
            case REVOCATION_OCSP_HASH -> b.ocspHash((RevocationSettings.CertIdHash) v);
            case REVOCATION_OCSP_GET -> b.ocspGet((Boolean) v);
            case REVOCATION_OCSP_MAX_BYTES -> b.maxOcspBytes((int) Math.min(Integer.MAX_VALUE, (Long) v));
            case REVOCATION_CRL_MAX_BYTES -> b.maxCrlBytes((Long) v);
            case REVOCATION_CRL_CACHE_MAX_BYTES -> b.crlCacheMaxBytes((Long) v);
            case REVOCATION_CACHE_MAX_TTL -> b.cacheMaxTtl((Duration) v);
            case REVOCATION_CACHE_MAX_ENTRIES -> b.cacheMaxEntries((Long) v);
            default -> {
                // principal, issuers and CRL files are used elsewhere
            }
        }
    }

    /** Reads {@code trust.anchors}, when set, into {@code gate}; the anchors are re-read on every build. */
    private static void trustAnchors(Map<SettingKey, Setting> effective, Path base, CertGate.Builder gate,
                                     List<RulesError> errors) {
        Setting s = effective.get(SettingKey.TRUST_ANCHORS);
        if (s == null) {
            return;
        }
        Path pattern = (base == null ? Path.of(s.value()) : base.resolve(s.value())).normalize();
        String name = pattern.getFileName() == null ? "" : pattern.getFileName().toString();
        List<Path> files = new ArrayList<>();
        if (name.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
            java.nio.file.PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + name);
            try (java.util.stream.Stream<Path> listed = Files.list(pattern.getParent())) {
                listed.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p)).sorted()
                        .forEach(files::add);
            } catch (IOException | RuntimeException e) {
                errors.add(error(s, "cannot list " + pattern.getParent() + ": " + e.getClass().getSimpleName()));
                return;
            }
            if (files.isEmpty()) {
                errors.add(error(s, "no file matches " + pattern));
                return;
            }
        } else {
            files.add(pattern);
        }
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path file : files) {
            anchors.addAll(certificatesIn(s, file, errors));
        }
        if (!anchors.isEmpty()) {
            gate.trustAnchors(TrustAnchors.of(anchors));
        }
    }

    private static List<X509Certificate> certificates(Setting s, Path base, List<RulesError> errors) {
        return certificatesIn(s, base.resolve(s.value()), errors);
    }

    /**
     * The certificates of a file a setting names, read by {@link CertificateLoader} as the command line reads
     * certificate files; what it left out is logged. Problems are added to {@code errors}.
     */
    static List<X509Certificate> certificatesIn(Setting s, Path file, List<RulesError> errors) {
        try {
            CertificateFile read = CertificateLoader.read(file);
            read.notes().forEach(n -> LOG.log(System.Logger.Level.WARNING, "{0}: {1}: {2}", s.key().key(), file, n));
            return read.certificates();
        } catch (IOException e) {
            errors.add(error(s, "cannot read " + file + ": " + e.getClass().getSimpleName()));
        } catch (FileFormatException e) {
            errors.add(error(s, file + ": " + e.where()));
        }
        return List.of();
    }

    private static RulesError error(Setting s, String message) {
        String text = message.startsWith(s.key().key()) ? message : s.key().key() + ": " + message;
        return new RulesError(s.source(), s.line(), s.column(), text);
    }
}
