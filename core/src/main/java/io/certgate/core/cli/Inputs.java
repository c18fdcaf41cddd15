package io.certgate.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the command line's input files, each kind up to its own size limit, so that a huge file, {@code /dev/zero}
 * or an endless pipe ends in a one-line error instead of exhausting the heap; and CRLs and OCSP responses as DER,
 * PEM, or base64 text.
 */
final class Inputs {
    /** What a file is read as, for messages. */
    enum Kind {
        CERTIFICATE("certificate", "a certificate"),
        CRL("CRL", "a CRL"),
        OCSP_RESPONSE("OCSP response", "an OCSP response");

        final String noun;
        final String withArticle;

        Kind(String noun, String withArticle) {
            this.noun = noun;
            this.withArticle = withArticle;
        }
    }

    /** The largest OCSP response file read (revocation.ocsp.max-bytes refuses responses past 64 KiB by default). */
    static final int MAX_OCSP_RESPONSE_FILE = 1 << 20;

    private Inputs() {
    }

    /**
     * The bytes of {@code file}, reading at most {@code limit} + 1 of them (so devices and pipes end too): a usage
     * error when the file cannot be read ({@code FILE: cannot read the certificate file: no such file}) or holds
     * more than {@code limit} bytes ({@code FILE: larger than 1 MiB; not a certificate file}).
     */
    static byte[] read(Path file, int limit, Kind kind) throws UsageException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new UsageException(Printable.of(file) + ": cannot read the " + kind.noun + " file: " + reason(e));
        }
        if (bytes.length > limit) {
            throw new UsageException(Printable.of(file) + ": larger than " + size(limit) + "; not " + kind.withArticle
                    + " file");
        }
        return bytes;
    }

    /** Why a file cannot be read, without Java class names. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (why == null || why.isBlank()) {
            return "input/output error";
        }
        return Character.toLowerCase(why.charAt(0)) + why.substring(1);
    }

    /** {@code bytes} in the largest binary unit that divides it: {@code 1 MiB}, {@code 64 KiB}, {@code 1000 bytes}. */
    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    /**
     * The DER objects in a file of at most {@code limit} bytes: the file itself when it is DER (starts with a
     * SEQUENCE tag), else every PEM block in it, else its content as base64.
     */
    static List<byte[]> derObjects(Path file, int limit, Kind kind) throws UsageException {
        String what = kind.noun;
        byte[] raw = read(file, limit, kind);
        if (raw.length > 0 && (raw[0] & 0xff) == 0x30) {
            return List.of(raw);
        }
        String text = new String(raw, StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                break;
            }
            int bodyStart = text.indexOf("-----", begin + 11);
            int end = bodyStart < 0 ? -1 : text.indexOf("-----END ", bodyStart + 5);
            if (end < 0) {
                throw new UsageException(Printable.of(file) + ": unterminated PEM block");
            }
            out.add(base64(file, text.substring(bodyStart + 5, end), what));
            int close = text.indexOf("-----", end + 9);
            from = close < 0 ? text.length() : close + 5;
        }
        if (out.isEmpty()) {
            out.add(base64(file, text, what));
        }
        return out;
    }

    private static byte[] base64(Path file, String text, String what) throws UsageException {
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.strip());
            if (der.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new UsageException(Printable.of(file) + ": not a DER, PEM or base64 " + what);
        }
    }
}
