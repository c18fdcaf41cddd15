package io.certgate.core.revocation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Revocation data given up front: OCSP responses, CRLs and certificates from files. Immutable.
 */
public final class StaticSources implements RevocationSources {
    private final List<byte[]> ocspResponses;
    private final java.util.function.Supplier<List<byte[]>> crls;
    private final List<X509Certificate> certificates;

    /**
     * @param ocspResponses DER OCSP responses, tried in order for every certificate
     * @param crls          DER CRLs, complete and delta
     * @param certificates  CRL signers, responders and issuers of leaf-only chains
     */
    public StaticSources(List<byte[]> ocspResponses, List<byte[]> crls, List<X509Certificate> certificates) {
        this.ocspResponses = copy(ocspResponses);
        List<byte[]> fixed = copy(crls);
        this.crls = () -> fixed;
        this.certificates = List.copyOf(certificates);
    }

    private StaticSources(List<X509Certificate> certificates, java.util.function.Supplier<List<byte[]>> crls) {
        this.ocspResponses = List.of();
        this.crls = crls;
        this.certificates = List.copyOf(certificates);
    }

    /**
     * The operator's local data: issuer and signer certificates, and CRL files matching a glob (relative to
     * {@code base}), re-read when they change.
     *
     * @param crlGlob the {@code revocation.crl.files} glob, or null for none
     */
    public static StaticSources local(List<X509Certificate> certificates, String crlGlob, java.nio.file.Path base,
                                      RevocationSettings settings, java.time.Clock clock) {
        if (crlGlob == null) {
            return new StaticSources(certificates, List::of);
        }
        CrlFiles files = new CrlFiles(crlGlob, base, settings.maxCrlBytes(), clock);
        return new StaticSources(certificates, files::crls);
    }

    public static StaticSources none() {
        return new StaticSources(List.of(), List.of(), List.of());
    }

    private static List<byte[]> copy(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>(in.size());
        in.forEach(b -> out.add(b.clone()));
        return List.copyOf(out);
    }

    @Override
    public List<OcspAnswer> ocspResponses(X509Certificate cert, X509Certificate issuer, RevocationSettings settings,
                                          Deadline deadline) {
        List<OcspAnswer> out = new ArrayList<>(ocspResponses.size());
        ocspResponses.forEach(r -> out.add(OcspAnswer.of(r, null)));
        return out;
    }

    @Override
    public CrlAnswers crls(X509Certificate cert, RevocationSettings settings, Deadline deadline) {
        return new CrlAnswers(crls.get(), List.of());
    }

    @Override
    public List<X509Certificate> extraCertificates() {
        return certificates;
    }
}
