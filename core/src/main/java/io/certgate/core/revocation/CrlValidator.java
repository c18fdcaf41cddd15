package io.certgate.core.revocation;

import io.certgate.core.identity.CertificateFormatException;
import io.certgate.core.identity.DistinguishedName;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Determines a certificate's status from CRLs per RFC 5280 §6.3. Thread-safe.
 *
 * <p>Supported: complete and delta CRLs (§5.2.4), issuing distribution points with full or relative names,
 * onlyContainsUserCerts / onlyContainsCACerts, onlySomeReasons with reasons accumulated across CRLs, indirect CRLs
 * with certificateIssuer entries (§5.3.3), distribution points with cRLIssuer, CRLs signed by a separate CRL signer
 * whose own path and revocation status are checked from the same CRLs, certificateHold and removeFromCRL.
 *
 * <p>Defaults and policy: freshness uses {@link RevocationSettings#clockSkew()} for a thisUpdate in the future and
 * {@link RevocationSettings#maxAgeFor(boolean)} for the age of thisUpdate; a CRL without nextUpdate is accepted
 * within the max age. An authentic CRL that cannot decide (outdated, or its delta unusable) still proves a
 * certificate revoked when it lists it for any reason but certificateHold, since such a revocation is final.
 *
 * <p>Failure: never throws on bad input; every problem becomes UNKNOWN with a specific {@link UnknownCause} and a
 * detail that names the certificate (serial, issuer) and the CRL (issuer, number).
 */
final class CrlValidator {
    private final RevocationSettings settings;

    CrlValidator(RevocationSettings settings) {
        this.settings = settings;
    }

    /**
     * The status of {@code path.get(index)} according to the given CRLs, or UNKNOWN with the specific cause.
     * Never throws on bad input.
     *
     * @param path       the verified path, trust anchor first ({@code path.get(0)}), leaf last
     * @param index      the position of the certificate to check, at least 1; its issuer is {@code path.get(index - 1)}
     * @param crls       candidate CRLs, complete and delta, DER
     * @param extraCerts further certificates: CRL signers, indirect CRL issuers
     * @param now        the validation time
     */
    RevocationStatus check(List<X509Certificate> path, int index, List<byte[]> crls, List<X509Certificate> extraCerts,
                           Instant now) {
        List<Crl> parsed = new ArrayList<>();
        List<CrlFormatException> rejected = new ArrayList<>();
        if (crls != null) {
            for (byte[] der : crls) {
                try {
                    parsed.add(Crl.parse(der));
                } catch (CrlFormatException e) {
                    rejected.add(e);
                }
            }
        }
        return checkParsed(path, index, parsed, rejected, extraCerts, now);
    }

    /**
     * As {@link #check}, for CRLs parsed earlier (for instance held in a cache): {@code crls} are the parsed CRLs,
     * {@code rejected} the parse failures of CRLs that should have applied (they only sharpen the UNKNOWN cause).
     * Never throws on bad input.
     */
    RevocationStatus checkParsed(List<X509Certificate> path, int index, List<Crl> crls,
                                 List<CrlFormatException> rejected, List<X509Certificate> extraCerts, Instant now) {
        return validate(path, index, crls, rejected, extraCerts, now).status();
    }

    /** A status, and the CRLs whose signature the check linked to an authorized signer (by identity). */
    record Outcome(RevocationStatus status, Set<Crl> authentic) {
    }

    /** As {@link #checkParsed}, also naming the CRLs that proved authentic. Never throws on bad input. */
    Outcome validate(List<X509Certificate> path, int index, List<Crl> crls, List<CrlFormatException> rejected,
                     List<X509Certificate> extraCerts, Instant now) {
        if (path == null || now == null || index < 1 || index >= path.size() || hasNull(path)) {
            return new Outcome(RevocationStatus.unknown(RevocationStatus.Source.CRL, UnknownCause.NO_ISSUER,
                    "no certificate at position " + index + " with an issuer before it in a path of "
                            + (path == null ? 0 : path.size()) + (now == null ? " (and no validation time)" : "")),
                    Set.of());
        }
        try {
            List<Crl> usable = crls == null ? List.of() : nonNull(crls);
            List<CrlFormatException> failures = rejected == null ? List.of()
                    : nonNull(rejected);
            List<X509Certificate> extras = extraCerts == null ? List.of()
                    : nonNull(extraCerts);
            List<X509Certificate> mainPath = List.copyOf(path);
            CrlCheck check = new CrlCheck(settings, now, usable, failures, mainPath, extras);
            RevocationStatus status = check.status(mainPath, index);
            return new Outcome(status, check.authentic());
        } catch (RuntimeException e) {
            return new Outcome(RevocationStatus.unknown(RevocationStatus.Source.CRL, UnknownCause.INVALID,
                    "certificate serial " + CrlDer.serialHex(path.get(index).getSerialNumber())
                            + ": CRL check failed: " + e), Set.of());
        }
    }

    /**
     * Null when a CRL verified for the certificate whose issuer is {@code issuer}: the check linked it to an
     * authorized signer, or its signature verifies with the issuer's key (a CRL the check did not need, such as a
     * second distribution point's); otherwise why not, as an UNKNOWN status whose detail reads after "the CRL".
     * Only a CRL that verified may be kept by a source (see {@link RevocationSources#crlChecked}).
     */
    static RevocationStatus unverified(ParsedCrls.Parsed parsed, Outcome outcome, X509Certificate issuer) {
        Crl crl = parsed.crl();
        if (crl == null) {
            CrlFormatException e = parsed.rejected();
            return RevocationStatus.unknown(RevocationStatus.Source.CRL, e.unknownCause(),
                    "cannot be used: " + e.getMessage());
        }
        if (outcome.authentic().contains(crl)) {
            return null;
        }
        try {
            if (crl.issuer().matches(DistinguishedName.fromDerShared(issuer.getSubjectX500Principal().getEncoded()))
                    && crl.isSignedBy(issuer.getPublicKey())) {
                return null;
            }
        } catch (CertificateFormatException | RuntimeException e) {
            // an issuer name certgate cannot read signs nothing certgate keeps
        }
        return RevocationStatus.unknown(RevocationStatus.Source.CRL, UnknownCause.BAD_SIGNATURE,
                "(" + crl.describe() + ") is signed neither by the key of the certificate's issuer "
                        + issuer.getSubjectX500Principal().getName() + " nor by a CRL signer authorized for it");
    }

    private static <T> List<T> nonNull(List<T> list) {
        List<T> out = new ArrayList<>(list.size());
        for (T t : list) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean hasNull(List<?> list) {
        for (Object o : list) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }
}
