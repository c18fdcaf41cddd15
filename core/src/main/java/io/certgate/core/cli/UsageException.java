package io.certgate.core.cli;

/** Bad command-line usage or unreadable input: exit code 2 with a one-line message. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
