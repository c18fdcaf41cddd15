package io.certgate.core.management;

import java.util.Map;

/**
 * What JMX shows of one web application's certgate: its decisions, its revocation cache and fetches, and the
 * version of its rules file. Every attribute is read live from the web application's gate when asked, and is of
 * an open type (numbers, strings, booleans, and maps from names to counts, shown as tables with a {@code key} and a
 * {@code value} column), so any JMX client reads it without certgate's classes.
 *
 * <p>Counts start at zero when the web application starts. Decision counts go on across reloads of the rules
 * file; the revocation counts start again when a reload changes the revocation settings. Times are ISO-8601
 * instants; durations are milliseconds.
 */
public interface CertGateMXBean {
    /** The rules' name: the file's path, or the resource inside a packed web application. */
    String getRules();

    /** Whether the rules are a file that is watched and reloaded when it changes. */
    boolean isReloadable();

    /** The version of the rules in force: the first 16 hex digits of the SHA-256 of the file's content. */
    String getRulesVersion();

    /** When the version in force came into force. */
    String getRulesLoadedAt();

    /** When the rules file was last looked at (at start: when it was first loaded). */
    String getLastCheck();

    /** What the last look at the rules file found: {@code LOADED}, {@code UNCHANGED}, {@code RELOADED} or {@code REJECTED}. */
    String getLastReloadResult();

    /** Whether the last look found a changed file that cannot be used; the version in force stays. */
    boolean isLastReloadRejected();

    /** The errors of the rejected file, one {@code FILE:LINE:COLUMN: message} per line; empty unless rejected. */
    String getLastReloadError();

    /** All decisions. */
    long getDecisions();

    /** Decisions that let the client in, with or without roles. */
    long getAuthenticated();

    /** Decisions that refused the client, for any reason. */
    long getDenied();

    /** Refusals by reason code, every code present (zero when it never occurred). */
    Map<String, Long> getDenials();

    /** Whether the revocation of client certificates is checked; when not, every revocation count is zero. */
    boolean isRevocationChecked();

    /** Revocation lookups answered from the cache. */
    long getCacheHits();

    /** Revocation lookups that had to load: the first for a certificate, or after its answer expired. */
    long getCacheMisses();

    /** Revocation statuses held in the cache now. */
    long getCacheEntries();

    /** Background refreshes started for cached answers in use. */
    long getCacheRefreshes();

    /** Background refreshes that failed; the old answer was kept while it was valid. */
    long getCacheFailedRefreshes();

    /** OCSP requests sent. */
    long getOcspFetches();

    /** OCSP requests that brought no response. */
    long getOcspFetchFailures();

    /**
     * OCSP requests that brought no response, by cause: {@code UNREACHABLE}, {@code TIMEOUT}, {@code HTTP_ERROR},
     * {@code TOO_LARGE}; {@code MALFORMED} and {@code BAD_SIGNATURE} are present and zero (they count dropped CRL
     * downloads).
     */
    Map<String, Long> getOcspFetchFailuresByCause();

    /** The mean time of one OCSP request, in milliseconds; zero when none was sent. */
    double getOcspFetchMeanMillis();

    /** The longest OCSP request, in milliseconds. */
    double getOcspFetchMaxMillis();

    /** CRL downloads attempted. */
    long getCrlFetches();

    /** CRL downloads that failed. */
    long getCrlFetchFailures();

    /**
     * CRL downloads that failed, by cause, as for {@link #getOcspFetchFailuresByCause()}, and downloads dropped
     * because they cannot be read ({@code MALFORMED}) or do not verify ({@code BAD_SIGNATURE}).
     */
    Map<String, Long> getCrlFetchFailuresByCause();

    /** The mean time of one CRL download, in milliseconds; zero when none was attempted. */
    double getCrlFetchMeanMillis();

    /** The longest CRL download, in milliseconds. */
    double getCrlFetchMaxMillis();

    /**
     * The bytes of the verified CRL downloads kept now, for the whole JVM (every web application's bean shows the
     * same number): at most {@code revocation.crl.cache.max-bytes}.
     */
    long getKeptCrlBytes();

    /** The estimated heap of the parsed CRLs held now, for the whole JVM: at most {@code revocation.crl.cache.max-bytes}. */
    long getParsedCrlBytes();

    /**
     * Loads of a revocation status (a cache miss or a refresh) that ended UNKNOWN, by cause: failed fetches, and
     * answers that arrived but were rejected, such as {@code BAD_SIGNATURE} or {@code STALE}. Every cause is present.
     */
    Map<String, Long> getUnknownAnswers();
}
