package io.certgate.benchmarks;

import io.certgate.core.CertGate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.LogRecord;

/**
 * Where the benchmarked JVM sends certgate's audit records (one per request). A console would measure the
 * console, so the records go where production sends them: to a log file, through {@code java.util.logging}
 * (the JDK's default backend of {@code System.Logger}), or nowhere when the logger is switched off.
 */
final class AuditLog {
    /** Held strongly: {@code java.util.logging} keeps only weak references to configured loggers. */
    private static final Logger AUDIT = Logger.getLogger(CertGate.AUDIT_LOGGER);

    private AuditLog() {
    }

    /**
     * Audit records appended to a temporary file by a {@code FileHandler}, one line each: time stamp and record, as
     * an audit log is usually configured (the JDK's {@code SimpleFormatter} would also look up the calling method of
     * every record, which is the logging setup's cost, not certgate's).
     */
    static Path toFile() throws IOException {
        Path file = Files.createTempFile("certgate-audit", ".log");
        file.toFile().deleteOnExit();
        FileHandler handler = new FileHandler(file.toString(), true);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getInstant() + " " + record.getMessage() + System.lineSeparator();
            }
        });
        AUDIT.setUseParentHandlers(false);
        AUDIT.addHandler(handler);
        AUDIT.setLevel(Level.INFO);
        return file;
    }

    /** Audit records to a file for the benchmark case {@code certgate}, none for any other case. */
    static void forCase(String name) throws IOException {
        if ("certgate".equals(name)) {
            toFile();
        } else {
            off();
        }
    }

    /** No audit records: the logger's level is raised above INFO. */
    static void off() {
        AUDIT.setLevel(Level.WARNING);
    }
}
