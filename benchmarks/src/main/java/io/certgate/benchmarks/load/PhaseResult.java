package io.certgate.benchmarks.load;

/**
 * What one phase of the load run saw, for the report.
 *
 * @param name               the phase
 * @param requests           requests sent
 * @param newConnections     of which over a new connection (a full handshake); the others over kept-alive ones
 * @param allowed            answered 200
 * @param refused            answered 401 or 403
 * @param serverErrors       answered 5xx
 * @param transportErrors    requests that got no answer
 * @param wrong              wrong decisions
 * @param warmServed         good clients let in while the responder was slow or down, by their cached answer
 * @param coldRefused        good clients without a valid answer refused while the responder was slow or down
 * @param refusedAfterTimeout good clients refused while the responder answered at once, because as many OCSP
 *                           requests of the step still took longer than the timeout (a busy machine)
 * @param responderHits      OCSP requests the responder received
 * @param maxHitsPerStep     the most OCSP requests for one certificate within one step of the clock
 * @param maxCacheEntries    the most revocation statuses certgate held at the end of a step
 * @param heapAfterGcMib     heap in use after a full GC at the end of the phase, MiB
 * @param seconds            how long the phase took
 */
record PhaseResult(String name, long requests, long newConnections, long allowed, long refused, long serverErrors,
                   long transportErrors, long wrong, long warmServed, long coldRefused, long refusedAfterTimeout,
                   long responderHits,
                   long maxHitsPerStep, long maxCacheEntries, long heapAfterGcMib, long seconds) {
}
