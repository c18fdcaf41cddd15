package io.certgate.core.revocation;

/**
 * Why an OCSP response was refused: the {@link UnknownCause} and the sentence that explains it (without the
 * "OCSP response for serial …" prefix, which {@link OcspValidator} adds). Only thrown and caught inside this
 * package; the public result is always a {@link RevocationStatus}.
 */
final class OcspProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final UnknownCause cause;

    OcspProblem(UnknownCause cause, String reason) {
        super(reason, null, false, false);
        this.cause = cause;
    }

    UnknownCause unknownCause() {
        return cause;
    }

    String reason() {
        return getMessage();
    }
}
