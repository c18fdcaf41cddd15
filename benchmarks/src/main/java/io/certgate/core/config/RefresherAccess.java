package io.certgate.core.config;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Load-run access to a gate's executor of background revocation refreshes ({@link ReloadingGate#refresher()}), so
 * that a run can tell which step of its clock a refresh belongs to. It lives in the benchmarks module under core's
 * package so that it can see it; the shaded benchmarks jar holds both.
 */
public final class RefresherAccess {
    private RefresherAccess() {
    }

    /**
     * Waits until every refresh handed to {@code gate}'s executor so far has finished: occupies each of its threads with a task
     * that waits for the others, which happens only once the tasks queued before them are done.
     *
     * @throws TimeoutException when that takes longer than {@code timeout}
     */
    public static void drain(ReloadingGate gate, Duration timeout) throws InterruptedException, TimeoutException {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) gate.refresher();
        int threads = pool.getMaximumPoolSize();
        CountDownLatch running = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            if (!running.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("the revocation refreshes did not finish within " + timeout);
            }
        } finally {
            release.countDown();
        }
    }
}
