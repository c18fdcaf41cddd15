package io.certgate.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The third-party conformance corpora, read in place from {@code shared/conformance} beside the project (or
 * inside an ancestor of the working directory). They are present in CI and absent on most clones: suites over
 * them skip when absent. Nothing from them is ever copied into the project.
 */
public final class Conformance {
    private Conformance() {
    }

    /** The {@code shared/conformance} folder, if found. */
    public static Optional<Path> root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolveSibling("shared").resolve("conformance"),
                    dir.resolve("shared").resolve("conformance")}) {
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** One corpus folder, e.g. {@code boringssl-ocsp}, if found. */
    public static Optional<Path> corpus(String name) {
        return root().map(r -> r.resolve(name)).filter(Files::isDirectory);
    }
}
