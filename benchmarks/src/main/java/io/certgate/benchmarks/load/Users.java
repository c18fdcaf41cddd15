package io.certgate.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The load run's clients: every certificate is used by two worker threads at once, each over a connection of its
 * own, so that concurrent requests with the same certificate meet in certgate.
 */
final class Users implements AutoCloseable {
    /** One worker's use of one certificate. */
    record User(int worker, LoadPki.Client client, LoadClient connection) {
    }

    private final List<List<User>> byWorker = new ArrayList<>();

    Users(LoadPki pki, int port, int workers) {
        for (int w = 0; w < workers; w++) {
            byWorker.add(new ArrayList<>());
        }
        for (LoadPki.Client c : pki.clients()) {
            for (int k = 0; k < Math.min(2, workers); k++) {
                int w = (c.index() + k) % workers;
                byWorker.get(w).add(new User(w, c, new LoadClient(c.certificate(), pki.root(), port)));
            }
        }
    }

    /** The worker's users whose certificate is among the first {@code active}. */
    List<User> ofWorker(int worker, int active) {
        return byWorker.get(worker).stream().filter(u -> u.client().index() < active).toList();
    }

    @Override
    public void close() {
        byWorker.forEach(users -> users.forEach(u -> u.connection().close()));
    }
}
