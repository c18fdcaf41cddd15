package io.certgate.core.cli;

import java.util.List;

/**
 * Bad command-line usage or unreadable input: exit code 2 with one line per problem, each printed as
 * {@code certgate: LINE}.
 */
final class UsageException extends Exception {
    private final List<String> lines;

    UsageException(String message) {
        this(List.of(message));
    }

    /** Several problems found together, one line each; {@code lines} is not empty. */
    UsageException(List<String> lines) {
        super(String.join(System.lineSeparator(), lines));
        this.lines = List.copyOf(lines);
    }

    /** The problems, one line each. */
    List<String> lines() {
        return lines;
    }
}
