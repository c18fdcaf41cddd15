package io.certgate.benchmarks;

import io.certgate.core.CertGate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

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

    /** Audit records appended to a temporary file, as a {@code FileHandler} in a logging configuration does. */
    static Path toFile() throws IOException {
        Path file = Files.createTempFile("certgate-audit", ".log");
        file.toFile().deleteOnExit();
        FileHandler handler = new FileHandler(file.toString(), true);
        handler.setFormatter(new SimpleFormatter());
        AUDIT.setUseParentHandlers(false);
        AUDIT.addHandler(handler);
        AUDIT.setLevel(Level.INFO);
        return file;
    }

    /** No audit records: the logger's level is raised above INFO. */
    static void off() {
        AUDIT.setLevel(Level.WARNING);
    }
}
