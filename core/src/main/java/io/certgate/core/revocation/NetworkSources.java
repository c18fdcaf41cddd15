package io.certgate.core.revocation;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Revocation data from the network: OCSP responders named by the certificate (or configured) and CRL
 * distribution points over http and https, on top of other sources that are consulted first.
 */
public final class NetworkSources implements RevocationSources {
    private static final System.Logger LOG = System.getLogger(NetworkSources.class.getName());
    /** RFC 5019 §5: GET only when the encoded request fits in 255 bytes. */
    private static final int MAX_GET_REQUEST = 255;

    private final RevocationSources local;
    private final HttpFetcher fetcher;
    private final CrlDownloads crlDownloads;
    private final FetchCounters ocspFetches = new FetchCounters();

    private final ParsedCrls parsedCrls;

    /** Network sources whose verified CRL downloads are kept in {@code kept}, their parsed CRLs in {@code parsed}. */
    NetworkSources(RevocationSources local, HttpFetcher fetcher, Clock clock, KeptCrls kept, ParsedCrls parsed) {
        this.local = local;
        this.fetcher = fetcher;
        this.parsedCrls = parsed;
        this.crlDownloads = new CrlDownloads(fetcher, clock, kept, parsed);
    }

    /**
     * Network sources behind {@code local} ones, fetching on {@code runtime}'s threads with an HTTP client whose
     * connect timeout is the settings' timeout; downloaded CRLs that verified are kept in the runtime until their
     * nextUpdate by {@code clock}. Sets the runtime's bound on the bytes of CRLs kept (downloads, and parsed CRLs) to
     * the settings' {@code revocation.crl.cache.max-bytes}: the bound is shared by every gate of the runtime.
     */
    public static NetworkSources over(RevocationSources local, RevocationSettings settings, Clock clock,
                                      RevocationRuntime runtime) {
        runtime.keptCrls().maxBytes(settings.crlCacheMaxBytes());
        runtime.parsedCrls().maxBytes(settings.crlCacheMaxBytes());
        return new NetworkSources(local, new HttpFetcher(runtime.client(settings.timeout())), clock,
                runtime.keptCrls(), runtime.parsedCrls());
    }

    /** Where the CRLs these sources hand out are parsed once. */
    ParsedCrls parsedCrls() {
        return parsedCrls;
    }

    @Override
    public List<OcspAnswer> ocspResponses(X509Certificate cert, X509Certificate issuer, RevocationSettings settings,
                                          Deadline deadline) {
        List<OcspAnswer> out = new ArrayList<>(local.ocspResponses(cert, issuer, settings, deadline));
        for (URI responder : responders(cert, settings)) {
            byte[] nonce = settings.ocspNonce() ? OcspRequests.newNonce() : null;
            byte[] request = OcspRequests.encode(cert, issuer, settings.ocspHash(), nonce);
            HttpFetcher.Result r = fetchOcsp(responder, request, settings, deadline);
            if (r.ok()) {
                out.add(OcspAnswer.of(r.body(), nonce));
                break;
            }
            out.add(OcspAnswer.failed(r.failure()));
        }
        return out;
    }

    private HttpFetcher.Result fetchOcsp(URI responder, byte[] request, RevocationSettings settings, Deadline deadline) {
        long start = System.nanoTime();
        HttpFetcher.Result r = sendOcsp(responder, request, settings, deadline);
        ocspFetches.count(System.nanoTime() - start, r);
        return r;
    }

    private HttpFetcher.Result sendOcsp(URI responder, byte[] request, RevocationSettings settings, Deadline deadline) {
        if (settings.ocspGet()) {
            String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
            if (encoded.length() <= MAX_GET_REQUEST) {
                String base = responder.toString();
                URI get = URI.create(base + (base.endsWith("/") ? "" : "/") + encoded);
                return fetcher.fetch(get, null, null, settings.maxOcspBytes(), deadline, RevocationStatus.Source.OCSP);
            }
        }
        return fetcher.fetch(responder, request, "application/ocsp-request", settings.maxOcspBytes(), deadline,
                RevocationStatus.Source.OCSP);
    }

    private static List<URI> responders(X509Certificate cert, RevocationSettings settings) {
        if (settings.ocspResponderOverride()) {
            return List.of(settings.ocspResponder().orElseThrow());
        }
        List<URI> named = new ArrayList<>();
        for (URI u : CertificateUrls.ocspResponders(cert)) {
            if (isHttp(u)) {
                named.add(u);
            }
        }
        if (named.isEmpty()) {
            settings.ocspResponder().ifPresent(named::add);
        }
        return named;
    }

    @Override
    public CrlAnswers crls(X509Certificate cert, RevocationSettings settings, Deadline deadline) {
        CrlAnswers given = local.crls(cert, settings, deadline);
        List<byte[]> out = new ArrayList<>(given.crls());
        List<RevocationStatus> failures = new ArrayList<>(given.failures());
        for (URI dp : CertificateUrls.crlDistributionPoints(cert)) {
            if (!isHttp(dp)) {
                LOG.log(System.Logger.Level.DEBUG, "skipping CRL distribution point {0}: only http and https are fetched", dp);
                continue;
            }
            CrlDownloads.Download d = crlDownloads.get(dp, settings, deadline);
            if (d.der() != null) {
                out.add(d.der());
            } else {
                failures.add(d.failure());
            }
        }
        return new CrlAnswers(out, failures);
    }

    @Override
    public void crlChecked(byte[] crl, RevocationStatus rejection) {
        local.crlChecked(crl, rejection);
        if (rejection == null) {
            crlDownloads.verified(crl);
        } else {
            crlDownloads.rejected(crl, rejection);
        }
    }

    /** The bytes of the verified CRL downloads kept now, by every gate of the runtime. */
    long keptCrlBytes() {
        return crlDownloads.keptBytes();
    }

    /** The OCSP requests sent so far. */
    FetchStatistics ocspStatistics() {
        return ocspFetches.snapshot();
    }

    /** The CRL downloads attempted so far. */
    FetchStatistics crlStatistics() {
        return crlDownloads.statistics();
    }

    @Override
    public List<X509Certificate> extraCertificates() {
        return local.extraCertificates();
    }

    private static boolean isHttp(URI u) {
        String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https");
    }
}
