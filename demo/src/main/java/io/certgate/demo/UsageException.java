package io.certgate.demo;

/** A command line the demo cannot run: the message says what is wrong; the demo exits with status 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
