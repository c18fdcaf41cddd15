package io.certgate.core.revocation;

/**
 * Why one CRL (or a CRL together with its delta) could not decide a certificate's status. Immutable.
 *
 * <p>{@link #rank} orders problems by how much they say: a CRL that matched the certificate and then failed
 * (signature, signer, freshness) outranks an unparseable CRL of the same issuer, which outranks one whose issuer is
 * unknown, which outranks a CRL whose scope simply does not include the certificate.
 */
record CrlProblem(UnknownCause cause, String detail, int rank) {
    static final int OUT_OF_SCOPE = 1;
    static final int UNREADABLE_UNKNOWN_ISSUER = 2;
    static final int UNREADABLE_SAME_ISSUER = 3;
    static final int FAILED = 4;

    static CrlProblem failed(UnknownCause cause, String detail) {
        return new CrlProblem(cause, detail, FAILED);
    }

    static CrlProblem outOfScope(String detail) {
        return new CrlProblem(UnknownCause.OUT_OF_SCOPE, detail, OUT_OF_SCOPE);
    }

    /** The more telling of two problems; on a tie, the first. */
    static CrlProblem worse(CrlProblem a, CrlProblem b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.rank > a.rank ? b : a;
    }
}
