package io.certgate.core.config;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The reload state of a {@link ReloadingGate}, for monitoring: which version of the rules is in force and how the
 * last look at the file went. Immutable.
 *
 * @param rules       the rules' name, as in error messages (the file's path, or the resource inside a web application)
 * @param reloadable  whether the rules are a file that is watched; rules inside a packed web application are not
 * @param version     the version in force
 * @param lastCheck   when the file was last looked at (at start: when it was first loaded)
 * @param lastResult  what the last look found
 * @param lastError   the errors of the rejected file, one {@code FILE:LINE:COLUMN: message} per line, when
 *                    {@code lastResult} is {@link Result#REJECTED}; otherwise null
 */
public record ReloadState(String rules, boolean reloadable, RulesVersion version, Instant lastCheck, Result lastResult,
                          String lastError) {
    /** What a look at the rules file found. */
    public enum Result {
        /** The first version, loaded at start. */
        LOADED,
        /** The file holds the version in force. */
        UNCHANGED,
        /** The file changed and its new version is now in force. */
        RELOADED,
        /** The file changed but cannot be used; the version in force stays. */
        REJECTED
    }

    public ReloadState {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(lastCheck, "lastCheck");
        Objects.requireNonNull(lastResult, "lastResult");
        if ((lastResult == Result.REJECTED) != (lastError != null)) {
            throw new IllegalArgumentException("lastError is required exactly when lastResult is REJECTED: ["
                    + lastResult + ", " + lastError + "]");
        }
    }

    /** The errors of the rejected file, empty unless the last look rejected it. */
    public Optional<String> error() {
        return Optional.ofNullable(lastError);
    }
}
