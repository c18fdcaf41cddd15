package io.certgate.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The third-party conformance corpora, read in place from {@code shared/conformance} beside the project (or
 * inside an ancestor of the working directory). They are present in CI and absent on most clones: suites over
 * them skip when absent, except in CI ({@link Prerequisites#required()}), where a missing corpus fails the suite
 * instead. Nothing from them is ever copied into the project.
 */
public final class Conformance {
    private Conformance() {
    }

    /**
     * The {@code shared/conformance} folder, if found.
     *
     * @throws IllegalStateException when it is not found in CI
     */
    public static Optional<Path> root() {
        Optional<Path> found = search();
        if (found.isEmpty() && Prerequisites.required()) {
            throw new IllegalStateException("shared/conformance was not found beside the project, and CI requires it");
        }
        return found;
    }

    private static Optional<Path> search() {
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

    /**
     * One corpus folder, e.g. {@code boringssl-ocsp}, if found.
     *
     * @throws IllegalStateException when it is not found in CI
     */
    public static Optional<Path> corpus(String name) {
        Optional<Path> found = root().map(r -> r.resolve(name)).filter(Files::isDirectory);
        if (found.isEmpty() && Prerequisites.required()) {
            throw new IllegalStateException("shared/conformance/" + name + " was not found, and CI requires it");
        }
        return found;
    }
}
