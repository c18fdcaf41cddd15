package io.certgate.core.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a program such as {@code openssl}, the conformance corpora beside the
 * project). On a developer's clone a missing prerequisite skips the test with a message; in CI, where every
 * prerequisite is installed, it fails the test, because a skipped test proves nothing.
 */
public final class Prerequisites {
    /** The system property that makes missing prerequisites fail as in CI; CI also sets the variable {@code CI=true}. */
    public static final String REQUIRED = "certgate.conformance.required";

    private Prerequisites() {
    }

    /** Whether missing prerequisites fail rather than skip: in CI, or when {@value #REQUIRED} is {@code true}. */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED)) || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Goes on when {@code present}; otherwise fails in CI and skips elsewhere.
     *
     * @param what the missing prerequisite, for the message, e.g. "openssl on the PATH"
     */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (required()) {
            throw new IllegalStateException(what + " is missing, and CI requires it");
        }
        Assumptions.abort(what + " is missing: skipped");
    }
}
