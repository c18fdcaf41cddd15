package io.certgate.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Whether a file certgate trusts (a rules file, a certificate file, a CRL file) can be changed by users other than
 * its owner: a file, or its folder, that every user may write is refused, because anyone could then rewrite or
 * replace what certgate trusts; one that its group may write is allowed with a warning, given once per file. Only
 * the mode bits count, not who runs the server (root can write anything), and only on file systems with POSIX
 * permissions; elsewhere nothing is checked. Folders with the sticky bit (such as {@code /tmp}) are refused too:
 * anyone may add files to them, and a glob or a replaced file would pick those up. Thread-safe.
 *
 * <p>{@link #refusal(Path)} is the one check for every such file, for the adapters and every setting that names one.
 */
public final class FilePermissions {
    private static final System.Logger LOG = System.getLogger(FilePermissions.class.getName());
    private static final FilePermissions SHARED = new FilePermissions(
            warning -> LOG.log(System.Logger.Level.WARNING, "certgate: " + warning));

    private final Consumer<String> warnings;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    /** @param warnings receives each warning, once per file or folder */
    FilePermissions(Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * Checks a trusted file and its folder (and, for a symbolic link, the file and folder it leads to); for a folder
     * (of a glob's files), the folder itself.
     *
     * @return empty when no other user may write them, when the file does not exist (reading it reports that), or
     *         when the file system has no POSIX permissions; otherwise why the file is refused, naming the file or
     *         folder, its mode and the command that fixes it. Group-writable files and folders are logged at WARN,
     *         once per file or folder for the life of the JVM.
     */
    public static Optional<String> refusal(Path file) {
        return SHARED.check(file);
    }

    Optional<String> check(Path file) {
        Path given = file.toAbsolutePath().normalize();
        if (Files.getFileAttributeView(given, PosixFileAttributeView.class) == null) {
            return Optional.empty();
        }
        Set<Path> paths = new LinkedHashSet<>();
        Path real;
        try {
            // a link has no mode of its own: the file it leads to is named, and the folders of both
            real = given.toRealPath();
            paths.add(real);
            if (!Files.isDirectory(real)) {
                // whoever may write the folder may replace the file
                paths.add(real.getParent());
                paths.add(given.getParent());
            }
        } catch (IOException e) {
            // missing or unreadable: reading the file reports it
            return Optional.empty();
        }
        for (Path p : paths) {
            Set<PosixFilePermission> mode;
            try {
                mode = Files.getPosixFilePermissions(p);
            } catch (IOException | UnsupportedOperationException e) {
                continue;
            }
            boolean folder = Files.isDirectory(p);
            String what = folder && !p.equals(real) ? "the folder " + p + " of " + given : p.toString();
            if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return Optional.of(what + " is writable by every user (mode " + PosixFilePermissions.toString(mode)
                        + "), so anyone could " + (folder ? "replace" : "change") + " what certgate trusts; remove"
                        + " that right with: chmod o-w " + p);
            }
            if (mode.contains(PosixFilePermission.GROUP_WRITE) && warned.add(p)) {
                warnings.accept(what + " is writable by its group (mode " + PosixFilePermissions.toString(mode)
                        + "); unless every member may change what certgate trusts: chmod g-w " + p);
            }
        }
        return Optional.empty();
    }
}
