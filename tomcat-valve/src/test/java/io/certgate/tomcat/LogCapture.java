package io.certgate.tomcat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what a java.util.logging logger (Tomcat's logging in tests) receives. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    static LogCapture of(String name) {
        LogCapture c = new LogCapture(Logger.getLogger(name));
        c.logger.addHandler(c);
        return c;
    }

    /** How many records arrived so far. */
    int count() {
        return messages.size();
    }

    String all() {
        return String.join("\n", messages);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
