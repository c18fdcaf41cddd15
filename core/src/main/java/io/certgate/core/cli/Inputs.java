package io.certgate.core.cli;

import io.certgate.core.files.FileFormatException;
import io.certgate.core.files.Pem;

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
 * or an endless pipe ends in a one-line error instead of exhausting the heap; and OCSP responses as DER, PEM, or
 * base64 text.
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
     * The DER OCSP responses in a file of at most {@link #MAX_OCSP_RESPONSE_FILE} bytes: the file itself when it is
     * DER (starts with a SEQUENCE tag), else every PEM block in it ({@link Pem}, whatever its label), else its content
     * as base64.
     */
    static List<byte[]> ocspResponses(Path file) throws UsageException {
        byte[] raw = read(file, MAX_OCSP_RESPONSE_FILE, Kind.OCSP_RESPONSE);
        if (raw.length > 0 && (raw[0] & 0xff) == 0x30) {
            return List.of(raw);
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        List<byte[]> out = new ArrayList<>();
        if (text.contains("-----BEGIN ")) {
            try {
                for (Pem.Block b : Pem.blocks(text)) {
                    out.add(b.decode());
                }
            } catch (FileFormatException e) {
                throw new UsageException(Printable.of(file) + ": " + e.where());
            }
        }
        if (out.isEmpty()) {
            try {
                byte[] der = Base64.getDecoder().decode(text.replaceAll("[ \t\r\n]", ""));
                if (der.length > 0) {
                    // what it decodes to is for the response parser to judge (UNKNOWN, MALFORMED), not a usage error
                    return List.of(der);
                }
            } catch (IllegalArgumentException e) {
                // refused below, without the decoder's words
            }
            throw new UsageException(Printable.of(file) + ": not a DER, PEM or base64 OCSP response");
        }
        return out;
    }
}
