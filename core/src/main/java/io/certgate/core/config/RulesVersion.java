package io.certgate.core.config;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a rules file: what it held and when it came into force.
 *
 * @param digest   the first 16 hex digits of the SHA-256 of the file's bytes; equal files have equal digests
 * @param loadedAt when this version came into force, by the gate's clock
 */
public record RulesVersion(String digest, Instant loadedAt) {
    public RulesVersion {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    @Override
    public String toString() {
        return digest + "@" + loadedAt;
    }
}
