package io.certgate.core.revocation;

import io.certgate.core.config.FilePermissions;
import io.certgate.core.files.CrlLoader;
import io.certgate.core.files.FileFormatException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Local CRL files matching a glob ({@code revocation.crl.files}), re-read when they change: the folder is
 * scanned again at most every {@link #RESCAN} and a file is re-read when its size or modification time
 * changed. Each file is read by {@link CrlLoader}, as the command line reads {@code --crl}: every CRL it holds is
 * used. Files that cannot be read or hold no CRL, and files that every user may write (see {@link FilePermissions}),
 * are logged and left out. Thread-safe.
 */
final class CrlFiles {
    static final Duration RESCAN = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(CrlFiles.class.getName());

    /** A file's CRLs as last read, none when it could not be read (so that it is read and logged again only once changed). */
    private record Loaded(long size, FileTime modified, List<byte[]> crls) {
    }

    private final Path directory;
    private final PathMatcher matcher;
    private final String glob;
    private final long maxBytes;
    private final Clock clock;
    private Map<Path, Loaded> files = Map.of();
    /** Files left out because others may write them, each logged once until it is fixed. */
    private final Set<Path> refused = new HashSet<>();
    private Instant scanned = Instant.MIN;

    /**
     * @param glob     a glob such as {@code /etc/pki/crl/*.crl}; relative globs are relative to {@code base}
     * @param base     the folder relative globs start from (the rules file's folder)
     * @param maxBytes the largest file read
     */
    CrlFiles(String glob, Path base, long maxBytes, Clock clock) {
        Path pattern = base.resolve(glob).normalize();
        this.directory = pattern.getParent() == null ? base : pattern.getParent();
        this.glob = pattern.getFileName().toString();
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + this.glob);
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** The current contents of every matching file. */
    synchronized List<byte[]> crls() {
        Instant now = clock.instant();
        if (Duration.between(scanned, now).compareTo(RESCAN) >= 0 || scanned.equals(Instant.MIN)) {
            files = rescan();
            scanned = now;
        }
        List<byte[]> out = new ArrayList<>(files.size());
        files.values().forEach(l -> out.addAll(l.crls()));
        return out;
    }

    private Map<Path, Loaded> rescan() {
        Map<Path, Loaded> next = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory)) {
            for (Path p : dir) {
                if (!matcher.matches(p.getFileName())) {
                    continue;
                }
                Optional<String> unsafe = FilePermissions.refusal(p);
                if (unsafe.isPresent()) {
                    // checked on every scan: a mode changed since the start leaves the file's time and size alone
                    if (refused.add(p)) {
                        LOG.log(System.Logger.Level.WARNING, "CRL file {0} ignored: {1}", p, unsafe.get());
                    }
                    continue;
                }
                refused.remove(p);
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    Loaded old = files.get(p);
                    if (old != null && old.size() == a.size() && old.modified().equals(a.lastModifiedTime())) {
                        next.put(p, old);
                        continue;
                    }
                    if (a.size() > maxBytes) {
                        LOG.log(System.Logger.Level.WARNING, "CRL file {0} has {1} bytes, more than revocation.crl.max-bytes; ignored",
                                p, a.size());
                        continue;
                    }
                    List<byte[]> crls;
                    try {
                        crls = CrlLoader.read(p, maxBytes);
                    } catch (FileFormatException e) {
                        LOG.log(System.Logger.Level.WARNING, "CRL file {0} ignored: {1}", p, e.where());
                        crls = List.of();
                    }
                    next.put(p, new Loaded(a.size(), a.lastModifiedTime(), crls));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot read CRL file {0}: {1}", p, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list CRL files {0} in {1}: {2}", glob, directory, e.toString());
        }
        return Map.copyOf(next);
    }
}
