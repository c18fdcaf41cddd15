package io.certgate.demo;

/** A part of the demo could not run (a port in use, a container that did not start); the demo exits with status 1. */
final class DemoFailure extends Exception {
    DemoFailure(String message) {
        super(message);
    }

    DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
