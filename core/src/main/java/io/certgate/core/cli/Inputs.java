package io.certgate.core.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads CRLs and OCSP responses for the command line: DER, PEM, or base64 text. */
final class Inputs {
    private Inputs() {
    }

    static byte[] bytes(Path file) throws UsageException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The DER objects in a file: the file itself when it is DER (starts with a SEQUENCE tag), else every PEM
     * block in it, else its content as base64.
     */
    static List<byte[]> derObjects(Path file, String what) throws UsageException {
        byte[] raw = bytes(file);
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
                throw new UsageException(file + ": unterminated PEM block");
            }
            out.add(base64(file, text.substring(bodyStart + 5, end), what));
            from = text.indexOf("-----", end + 9) + 5;
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
            throw new UsageException(file + ": not a DER, PEM or base64 " + what);
        }
    }
}
