package io.certgate.core.revocation;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates OCSP responses strictly (RFC 6960, RFC 5019) for one certificate. Thread-safe.
 *
 * <p>The checks, in order, each with its own {@link UnknownCause}:
 * <ol>
 *   <li>Parsing ({@link OcspResponseParser}): MALFORMED, or ERROR_RESPONSE for a responder error status.</li>
 *   <li>CertID: the SingleResponses about this certificate, under whichever hash algorithm each uses (SHA-1,
 *       SHA-256, SHA-384, SHA-512); none is NO_MATCHING_RESPONSE, so a caller holding several responses can try
 *       the next one. This comes before the signature because a response about other certificates says
 *       nothing about this one, whoever signed it.</li>
 *   <li>Signer and signature ({@link OcspSigner}): UNAUTHORIZED_SIGNER or BAD_SIGNATURE.</li>
 *   <li>Critical extensions certgate does not process, in the ResponseData or in a SingleResponse about this
 *       certificate: UNHANDLED_CRITICAL_EXTENSION. Understood: the nonce (ResponseData) and the CT SCT list
 *       1.3.6.1.4.1.11129.2.4.5 (SingleResponse). The SCT list carries no revocation semantics, so certgate
 *       processes it by ignoring it, as BoringSSL does (vector has_critical_ct_extension).</li>
 *   <li>Nonce, when one was sent: the response must echo it exactly (extnValue equal to the DER OCTET STRING
 *       that was sent), else NONCE_MISMATCH. When none was sent, a nonce in the response is ignored.</li>
 *   <li>Times of each matching SingleResponse: producedAt or thisUpdate after now + skew is NOT_YET_VALID;
 *       nextUpdate before thisUpdate is INVALID; nextUpdate + skew before now is STALE; thisUpdate + max age + skew before now is
 *       STALE, with the max age from {@link RevocationSettings#maxAgeFor}. Every comparison between the
 *       validation clock and a time the responder wrote allows {@link RevocationSettings#clockSkew()} in the
 *       responder's favour, on both sides (RFC 5019 §4 lets clients allow for skew).</li>
 *   <li>Combination: if any SingleResponse about this certificate says revoked, REVOKED (the earliest
 *       revocation). A revoked answer is kept even when the freshness checks (times, nonce) fail, because it is
 *       authentic, revocation is permanent (RFC 5280 §3.3), and an UNKNOWN would let a soft-fail policy admit the
 *       certificate; certificateHold, which can be lifted, is the exception, and the detail then says what was
 *       overlooked. Otherwise the first failed check decides; else all good is GOOD (with the earliest
 *       thisUpdate and nextUpdate), all unknown is RESPONDER_UNKNOWN, and a mix of good and unknown is
 *       INVALID.</li>
 * </ol>
 * Every UNKNOWN carries a sentence that starts "OCSP response for serial &lt;hex&gt;: " and says what failed.
 */
final class OcspValidator {
    /** id-pkix-ocsp-nonce (RFC 6960 §4.4.1, RFC 8954). */
    static final String NONCE = "1.3.6.1.5.5.7.48.1.2";
    /** Signed certificate timestamp list (RFC 6962 §3.3), understood and ignored. */
    static final String CT_SCT_LIST = "1.3.6.1.4.1.11129.2.4.5";

    private static final int HOLD = 6;
    private static final String[] CRL_REASONS = {"unspecified", "keyCompromise", "cACompromise",
        "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", null, "removeFromCRL",
        "privilegeWithdrawn", "aACompromise"};

    private final RevocationSettings settings;

    OcspValidator(RevocationSettings settings) {
        this.settings = settings;
    }

    /**
     * The status a DER-encoded OCSPResponse gives for {@code cert}, or UNKNOWN with the specific cause when the
     * response is not acceptable. Never throws on bad input.
     *
     * @param response the DER bytes of an OCSPResponse
     * @param cert     the certificate whose status is wanted
     * @param issuer   its issuer (the CertID is computed from it; it may sign the response or delegate)
     * @param now      the validation time
     * @param nonce    the nonce sent in the request, or null when none was sent
     */
    RevocationStatus validate(byte[] response, X509Certificate cert, X509Certificate issuer, Instant now, byte[] nonce) {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(now, "now");
        String prefix = "OCSP response for serial " + cert.getSerialNumber().toString(16) + ": ";
        if (issuer == null) {
            return RevocationStatus.unknown(RevocationStatus.Source.OCSP, UnknownCause.NO_ISSUER,
                    prefix + "the issuer certificate is not known, so no CertID can be computed");
        }
        try {
            return check(response, cert, issuer, now, nonce, prefix);
        } catch (OcspProblem p) {
            return RevocationStatus.unknown(RevocationStatus.Source.OCSP, p.unknownCause(), prefix + p.reason());
        } catch (RuntimeException e) {
            // A safety net: every parse step already catches, so this is a library surprise on hostile input.
            return RevocationStatus.unknown(RevocationStatus.Source.OCSP, UnknownCause.MALFORMED,
                    prefix + "the response could not be processed (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + ")");
        }
    }

    private RevocationStatus check(byte[] der, X509Certificate cert, X509Certificate issuer, Instant now,
                                   byte[] nonce, String prefix) throws OcspProblem {
        OcspBasicResponse response = OcspResponseParser.parse(der);
        OcspCertId id;
        try {
            id = OcspCertId.of(cert, issuer);
        } catch (IOException e) {
            throw new OcspProblem(UnknownCause.INVALID, "no CertID can be computed: " + e.getMessage());
        }
        List<OcspBasicResponse.Single> mine = matching(response, id);
        String signer = OcspSigner.authenticate(response, issuer, settings.ocspResponderCert().orElse(null), now);
        for (OcspBasicResponse.Extension e : response.extensions()) {
            if (e.critical() && !e.oid().equals(NONCE)) {
                throw new OcspProblem(UnknownCause.UNHANDLED_CRITICAL_EXTENSION,
                        "the ResponseData carries critical extension " + e.oid() + ", which certgate does not process");
            }
        }
        OcspProblem nonceProblem = nonce == null ? null : nonceProblem(response, nonce);
        return decide(mine, response.producedAt(), nonceProblem, now, "signed by " + signer, prefix);
    }

    private static List<OcspBasicResponse.Single> matching(OcspBasicResponse response, OcspCertId id)
            throws OcspProblem {
        List<OcspBasicResponse.Single> mine = new ArrayList<>();
        Set<OcspCertId.Match> near = EnumSet.noneOf(OcspCertId.Match.class);
        Set<String> unsupported = new TreeSet<>();
        for (OcspBasicResponse.Single single : response.responses()) {
            OcspCertId.Match match = id.match(single.hashAlgorithm(), single.issuerNameHash(),
                    single.issuerKeyHash(), single.serial());
            switch (match) {
                case SAME -> mine.add(single);
                case UNSUPPORTED_HASH -> unsupported.add(single.hashAlgorithm());
                case NAME_HASH_DIFFERS, KEY_HASH_DIFFERS -> near.add(match);
                case OTHER -> { }
            }
        }
        if (!mine.isEmpty()) {
            return mine;
        }
        StringBuilder why = new StringBuilder();
        if (response.responses().isEmpty()) {
            why.append("it holds no SingleResponse at all");
        } else {
            why.append("none of its ").append(response.responses().size())
                    .append(" SingleResponses has this certificate's CertID");
        }
        if (near.contains(OcspCertId.Match.NAME_HASH_DIFFERS)) {
            why.append("; one names this serial and issuer key but a different issuerNameHash");
        }
        if (near.contains(OcspCertId.Match.KEY_HASH_DIFFERS)) {
            why.append("; one names this serial and issuer name but a different issuerKeyHash");
        }
        if (!unsupported.isEmpty()) {
            why.append("; CertID hash algorithms certgate does not support: ").append(String.join(", ", unsupported));
        }
        throw new OcspProblem(UnknownCause.NO_MATCHING_RESPONSE, why.toString());
    }

    private static OcspProblem nonceProblem(OcspBasicResponse response, byte[] nonce) {
        byte[] expected = OcspDer.tlv(OcspDer.OCTET_STRING, nonce);
        Optional<OcspBasicResponse.Extension> found = response.extensions().stream()
                .filter(e -> e.oid().equals(NONCE)).findFirst();
        if (found.isEmpty()) {
            return new OcspProblem(UnknownCause.NONCE_MISMATCH,
                    "a nonce was sent but the response carries none (a cached or pre-produced response)");
        }
        if (!MessageDigest.isEqual(found.get().value(), expected)) {
            return new OcspProblem(UnknownCause.NONCE_MISMATCH, "the response's nonce "
                    + OcspDer.hex(found.get().value()) + " differs from the nonce sent " + OcspDer.hex(expected));
        }
        return null;
    }

    /**
     * Combines the SingleResponses about the certificate. A freshness problem (times, nonce) does not discard an
     * authentic "revoked" other than certificateHold: revocation is permanent (RFC 5280 §3.3), and turning it into
     * UNKNOWN would let a soft-fail policy admit the certificate.
     */
    private RevocationStatus decide(List<OcspBasicResponse.Single> mine, Instant producedAt, OcspProblem nonceProblem,
                                    Instant now, String signedBy, String prefix) throws OcspProblem {
        List<OcspBasicResponse.Single> fresh = new ArrayList<>();
        OcspBasicResponse.Single revoked = null;
        String revokedNote = "";
        OcspProblem firstProblem = null;
        for (OcspBasicResponse.Single single : mine) {
            OcspProblem meaning = extensionProblem(single);
            if (meaning != null) {
                firstProblem = firstProblem == null ? meaning : firstProblem;
                continue;
            }
            OcspProblem freshness = nonceProblem != null ? nonceProblem : timeProblem(single, producedAt, now);
            boolean permanent = single.state() == OcspBasicResponse.CertState.REVOKED
                    && !Integer.valueOf(HOLD).equals(single.reason());
            if (freshness != null && !permanent) {
                firstProblem = firstProblem == null ? freshness : firstProblem;
                continue;
            }
            if (freshness == null) {
                fresh.add(single);
            }
            if (single.state() == OcspBasicResponse.CertState.REVOKED
                    && (revoked == null || single.revocationTime().isBefore(revoked.revocationTime()))) {
                revoked = single;
                revokedNote = freshness == null ? ""
                        : "; kept although " + freshness.reason() + ", because revocation is permanent";
            }
        }
        if (revoked != null) {
            String reason = reasonName(revoked.reason());
            String undefined = revoked.reason() != null && reason == null
                    ? ", undefined CRLReason " + revoked.reason() : "";
            reason = reason == null ? "unspecified" : reason;
            return RevocationStatus.revoked(RevocationStatus.Source.OCSP, revoked.revocationTime(), reason,
                    revoked.thisUpdate(), revoked.nextUpdate(), prefix + "revoked at " + revoked.revocationTime()
                            + " (" + reason + undefined + "), " + window(revoked.thisUpdate(), revoked.nextUpdate())
                            + ", " + signedBy + revokedNote);
        }
        if (firstProblem != null) {
            throw firstProblem;
        }
        boolean anyGood = fresh.stream().anyMatch(s -> s.state() == OcspBasicResponse.CertState.GOOD);
        boolean anyUnknown = fresh.stream().anyMatch(s -> s.state() == OcspBasicResponse.CertState.UNKNOWN);
        if (anyGood && anyUnknown) {
            throw new OcspProblem(UnknownCause.INVALID, "its " + fresh.size()
                    + " SingleResponses for this certificate disagree (good and unknown)");
        }
        if (anyUnknown) {
            throw new OcspProblem(UnknownCause.RESPONDER_UNKNOWN, "the responder does not know the certificate "
                    + "(status unknown), " + signedBy);
        }
        // All good: report the narrowest window, so that nothing caches the answer longer than each one allows.
        Instant thisUpdate = fresh.stream().map(OcspBasicResponse.Single::thisUpdate).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant nextUpdate = fresh.stream().map(OcspBasicResponse.Single::nextUpdate).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return RevocationStatus.good(RevocationStatus.Source.OCSP, thisUpdate, nextUpdate,
                prefix + "good, " + window(thisUpdate, nextUpdate) + ", " + signedBy);
    }

    private static OcspProblem extensionProblem(OcspBasicResponse.Single single) {
        for (OcspBasicResponse.Extension e : single.extensions()) {
            if (e.critical() && !e.oid().equals(CT_SCT_LIST)) {
                return new OcspProblem(UnknownCause.UNHANDLED_CRITICAL_EXTENSION, "the SingleResponse carries "
                        + "critical extension " + e.oid() + ", which certgate does not process");
            }
        }
        return null;
    }

    private OcspProblem timeProblem(OcspBasicResponse.Single single, Instant producedAt, Instant now) {
        Duration skew = settings.clockSkew();
        Instant thisUpdate = single.thisUpdate();
        Instant nextUpdate = single.nextUpdate();
        if (producedAt.isAfter(now.plus(skew))) {
            return new OcspProblem(UnknownCause.NOT_YET_VALID, "producedAt " + producedAt
                    + " is after the validation time " + now + " plus the clock skew " + skew);
        }
        if (thisUpdate.isAfter(now.plus(skew))) {
            return new OcspProblem(UnknownCause.NOT_YET_VALID, "thisUpdate " + thisUpdate
                    + " is after the validation time " + now + " plus the clock skew " + skew);
        }
        if (nextUpdate != null && nextUpdate.isBefore(thisUpdate)) {
            return new OcspProblem(UnknownCause.INVALID, "nextUpdate " + nextUpdate + " is before thisUpdate "
                    + thisUpdate);
        }
        if (nextUpdate != null && nextUpdate.plus(skew).isBefore(now)) {
            return new OcspProblem(UnknownCause.STALE, "nextUpdate " + nextUpdate + " has passed (validation time "
                    + now + ", clock skew " + skew + ")");
        }
        Optional<Duration> maxAge = settings.maxAgeFor(nextUpdate != null);
        if (maxAge.isPresent() && thisUpdate.plus(maxAge.get()).plus(skew).isBefore(now)) {
            String setting = settings.maxAge().isPresent() ? "revocation.max-age"
                    : "the default max age for answers without nextUpdate";
            return new OcspProblem(UnknownCause.STALE, "thisUpdate " + thisUpdate + " is older than " + setting
                    + " (" + maxAge.get() + ") at " + now);
        }
        return null;
    }

    /** The RFC 5280 CRLReason name; "unspecified" when none is given; null for a code RFC 5280 does not define. */
    private static String reasonName(Integer code) {
        if (code == null) {
            return "unspecified";
        }
        return code < 0 || code >= CRL_REASONS.length ? null : CRL_REASONS[code];
    }

    private static String window(Instant thisUpdate, Instant nextUpdate) {
        return "thisUpdate " + thisUpdate + ", nextUpdate " + (nextUpdate == null ? "none" : nextUpdate.toString());
    }
}
