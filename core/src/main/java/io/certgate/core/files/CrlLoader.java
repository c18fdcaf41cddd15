package io.certgate.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The one way certgate reads a CRL file, on the server ({@code revocation.crl.files}) and on the command line
 * ({@code --crl}): DER (the whole file is one CRL), PEM ({@link Pem}: every {@code X509 CRL} block, in file order,
 * other blocks passed over), or, without a BEGIN line, the whole file as base64 of a DER SEQUENCE. The CRLs are returned as DER and not
 * parsed here: what they say, and whether their signatures verify, is for revocation checking. Stateless.
 */
public final class CrlLoader {
    private static final String LABEL = "X509 CRL";

    private CrlLoader() {
    }

    /**
     * The CRLs of {@code file}, reading at most {@code maxBytes} + 1 bytes of it (so that devices and pipes end too).
     *
     * @param maxBytes the largest file read ({@code revocation.crl.max-bytes})
     * @throws IOException         when the file cannot be read
     * @throws FileFormatException when it is larger than {@code maxBytes} or holds no CRL, or a CRL block is broken
     */
    public static List<byte[]> read(Path file, long maxBytes) throws IOException, FileFormatException {
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new FileFormatException(0, "larger than " + limit + " bytes (revocation.crl.max-bytes); not a CRL file");
        }
        return read(bytes);
    }

    /**
     * The DER CRLs in {@code bytes}, the content of a CRL file, in file order; never empty.
     *
     * @throws FileFormatException when it holds no CRL, or one of its {@code X509 CRL} blocks is broken, naming the
     *                             line
     */
    public static List<byte[]> read(byte[] bytes) throws FileFormatException {
        if (bytes.length == 0) {
            throw new FileFormatException(0, "the file is empty; not a CRL file");
        }
        if ((bytes[0] & 0xff) == 0x30) {
            return List.of(bytes.clone());
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            return List.of(base64(text));
        }
        List<byte[]> out = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Pem.Block b : Pem.blocks(text)) {
            if (LABEL.equals(b.label())) {
                out.add(b.decode());
            } else {
                others.add(b.label() + " (line " + b.line() + ")");
            }
        }
        if (out.isEmpty()) {
            throw new FileFormatException(0, others.isEmpty() ? "not a CRL: no complete PEM block"
                    : "holds no X509 CRL block, only " + String.join(", ", others));
        }
        return List.copyOf(out);
    }

    private static byte[] base64(String text) throws FileFormatException {
        try {
            byte[] der = Base64.getDecoder().decode(text.replaceAll("[ \t\r\n]", ""));
            if (der.length > 0 && (der[0] & 0xff) == 0x30) {
                return der;
            }
        } catch (IllegalArgumentException e) {
            // refused below, without the decoder's words
        }
        throw new FileFormatException(0, "not a DER, PEM or base64 CRL");
    }
}
