package io.certgate.core.testing;

import io.certgate.core.revocation.RevocationRuntime;

import java.util.ArrayList;
import java.util.List;

/** The threads certgate has started, by name, for tests that show none outlives its web applications. */
public final class CertgateThreads {
    private CertgateThreads() {
    }

    /**
     * The names of the live threads whose names start with {@link RevocationRuntime#THREAD_PREFIX}, sorted.
     *
     * @throws AssertionError when one of them is not a daemon
     */
    public static List<String> alive() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(RevocationRuntime.THREAD_PREFIX)) {
                if (!t.isDaemon()) {
                    throw new AssertionError("certgate thread " + t.getName() + " is not a daemon");
                }
                names.add(t.getName());
            }
        }
        names.sort(null);
        return names;
    }

    /** Whether a live certgate thread's name starts with {@code prefix}, such as {@code certgate-refresh-}. */
    public static boolean any(String prefix) {
        return alive().stream().anyMatch(n -> n.startsWith(prefix));
    }
}
