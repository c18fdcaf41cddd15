package io.certgate.demo;

import io.certgate.core.CertGate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends everything logged through {@code java.util.logging} — Tomcat's log, Jetty's (through SLF4J's JDK
 * binding) and certgate's ({@code System.Logger}), including its audit records — to one file instead of the
 * console, so that the demo's table stays readable; and keeps the denial reason of the latest audit record of
 * each certificate, so the table can say why a client was refused.
 */
final class DemoLog implements AutoCloseable {
    private static final Pattern FINGERPRINT = Pattern.compile("\\bsha256=([0-9a-f]{64})\\b");
    private static final Pattern REASON = Pattern.compile("^outcome=denied reason=([A-Z_]+)\\b");

    private final Logger root = Logger.getLogger("");
    /** Held here: {@code java.util.logging} keeps loggers only weakly. */
    private final Logger audit = Logger.getLogger(CertGate.AUDIT_LOGGER);
    private final Handler file;
    private final Handler denials;
    private final Map<String, String> reasonByFingerprint = new ConcurrentHashMap<>();

    private DemoLog(OutputStream out) {
        LogManager.getLogManager().reset();
        file = new StreamHandler(out, new LineFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        file.setLevel(Level.ALL);
        root.addHandler(file);
        root.setLevel(Level.INFO);
        denials = new Handler() {
            @Override
            public void publish(LogRecord record) {
                remember(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        audit.addHandler(denials);
    }

    /** Routes all logging to {@code file}, replacing what it held. */
    static DemoLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new DemoLog(Files.newOutputStream(file));
    }

    /**
     * The reason code ({@code REVOKED}, {@code REVOCATION_UNKNOWN}, …) of the latest audit record that denied
     * {@code certificate}, if the latest record of it is a denial.
     */
    Optional<String> denialReason(X509Certificate certificate) {
        return Optional.ofNullable(reasonByFingerprint.get(fingerprint(certificate))).filter(r -> !r.isEmpty());
    }

    private void remember(String line) {
        if (line == null) {
            return;
        }
        Matcher fp = FINGERPRINT.matcher(line);
        if (fp.find()) {
            Matcher reason = REASON.matcher(line);
            reasonByFingerprint.put(fp.group(1), reason.find() ? reason.group(1) : "");
        }
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        audit.removeHandler(denials);
        root.removeHandler(file);
        file.close();
    }

    /** One line per record: time, level, logger, message, and the stack trace of a thrown exception. */
    private static final class LineFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            StringBuilder out = new StringBuilder(200);
            out.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                    .append(record.getLevel().getName()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                out.append(trace);
            }
            return out.toString();
        }
    }
}
