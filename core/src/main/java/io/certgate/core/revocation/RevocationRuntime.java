package io.certgate.core.revocation;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads and memory that revocation checking needs beyond one gate: the pool that runs HTTP client callbacks,
 * the verified CRL downloads kept by URL and the parsed CRLs (both bounded together by
 * {@code revocation.crl.cache.max-bytes}, one budget for every gate of the runtime), and one bounded refresh executor
 * per gate, so that one web application's hung responder never delays another's refreshes.
 *
 * <p>A container has one, {@link #acquire() acquired} by each web application certgate serves when it starts and
 * {@link #close() closed} by it when it stops: the last close ends every thread. Tools and tests
 * {@link #create() create} one of their own and close it when done. Every thread is a daemon whose name starts with
 * {@value #THREAD_PREFIX}, and idle threads end after a minute even before the close. After the close, work handed to
 * the runtime is refused: a fetch then fails (status UNKNOWN) and a refresh is skipped. Thread-safe.
 */
public final class RevocationRuntime implements AutoCloseable {
    /** The start of the name of every thread certgate starts. */
    public static final String THREAD_PREFIX = "certgate-";
    /** The threads of one gate's refresh executor. */
    static final int REFRESH_THREADS = 2;
    /** The refreshes one gate's executor holds waiting; more are skipped, and their answers load when they expire. */
    static final int REFRESH_QUEUE = 1_000;
    private static final long IDLE_SECONDS = 60;
    /** How long {@link #close()} waits for interrupted threads to end, in all. */
    private static final Duration END_WAIT = Duration.ofSeconds(10);

    private static final Object LOCK = new Object();
    /** The container's runtime while any web application holds it; guarded by {@link #LOCK}. */
    private static RevocationRuntime shared;
    /** How many holders {@link #shared} has; guarded by {@link #LOCK}. */
    private static int holders;

    private final boolean isShared;
    private final ThreadPoolExecutor httpWorkers;
    private final KeptCrls keptCrls = new KeptCrls(RevocationSettings.DEFAULT_CRL_CACHE_MAX_BYTES);
    private final ParsedCrls parsedCrls = new ParsedCrls(RevocationSettings.DEFAULT_CRL_CACHE_MAX_BYTES);
    private final Set<ExecutorService> refreshers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    /** The threads started and not yet seen to have ended, so that the close can wait for their very end. */
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    private RevocationRuntime(boolean isShared) {
        this.isShared = isShared;
        // Grows on demand: a callback never waits for another gate's.
        this.httpWorkers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory("http"));
    }

    /** A runtime of the caller's own, ended by its {@link #close()}. */
    public static RevocationRuntime create() {
        return new RevocationRuntime(false);
    }

    /**
     * The container's runtime, created by the first call after none was held; each call must be matched by one
     * {@link #close()} of the returned runtime, and the last of those ends it.
     */
    public static RevocationRuntime acquire() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = new RevocationRuntime(true);
            }
            holders++;
            return shared;
        }
    }

    /**
     * A new refresh executor for one gate: {@value #REFRESH_THREADS} threads named after {@code owner}, a queue of
     * {@value #REFRESH_QUEUE} refreshes beyond which {@code execute} throws
     * {@link java.util.concurrent.RejectedExecutionException}. The gate shuts it down when it closes; the runtime's
     * close shuts down any left.
     *
     * @param owner what the threads are named after, such as the gate's rules file
     */
    public ExecutorService refresher(String owner) {
        Refresher r = new Refresher(factory("refresh-" + owner));
        refreshers.add(r);
        if (httpWorkers.isShutdown()) {
            r.shutdownNow();
        }
        return r;
    }

    /**
     * Releases this runtime: a runtime of one's own ends at once; the container's ends when its last holder
     * releases it. Ending interrupts every thread (running fetches end UNKNOWN), waits up to 10 seconds for them to
     * end, and drops the kept CRLs.
     */
    @Override
    public void close() {
        if (isShared) {
            synchronized (LOCK) {
                if (shared != this || --holders > 0) {
                    return;
                }
                shared = null;
            }
        }
        List<ExecutorService> all = new ArrayList<>(refreshers);
        all.add(httpWorkers);
        for (ExecutorService e : all) {
            e.shutdownNow();
        }
        keptCrls.maxBytes(0);
        parsedCrls.maxBytes(0);
        long end = System.nanoTime() + END_WAIT.toNanos();
        try {
            for (ExecutorService e : all) {
                e.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            // A terminated pool's last thread may still be on its way out.
            for (Thread t : started) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A client whose callbacks run on this runtime's threads, with the given connect timeout. */
    HttpClient client(Duration connectTimeout) {
        return HttpFetcher.client(connectTimeout, httpWorkers);
    }

    KeptCrls keptCrls() {
        return keptCrls;
    }

    ParsedCrls parsedCrls() {
        return parsedCrls;
    }

    private ThreadFactory factory(String kind) {
        return task -> {
            Thread t = new Thread(task, THREAD_PREFIX + kind + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            // Never a web application's loader: the thread must pin (and be blamed on) none of them.
            t.setContextClassLoader(RevocationRuntime.class.getClassLoader());
            started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
            started.add(t);
            return t;
        };
    }

    /** One gate's refresh executor; forgotten by the runtime once terminated. */
    private final class Refresher extends ThreadPoolExecutor {
        Refresher(ThreadFactory factory) {
            super(REFRESH_THREADS, REFRESH_THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(REFRESH_QUEUE), factory);
            allowCoreThreadTimeOut(true);
        }

        @Override
        protected void terminated() {
            refreshers.remove(this);
        }
    }
}
