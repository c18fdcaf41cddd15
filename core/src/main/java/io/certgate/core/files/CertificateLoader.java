package io.certgate.core.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one way certgate reads a file of certificates, on the server ({@code trust.anchors}, {@code revocation.issuers},
 * {@code revocation.ocsp.responder-cert}) and on the command line ({@code --cert}, {@code --path}, {@code --anchor}):
 * DER (one certificate, certificates back to back, or PKCS#7), or PEM ({@link Pem}), where only {@code CERTIFICATE},
 * {@code X509 CERTIFICATE}, {@code TRUSTED CERTIFICATE} (its OpenSSL trust settings ignored) and {@code PKCS7} blocks
 * are read, in file order. Key and parameter blocks (a combined certificate and key file) are passed over; other
 * blocks are noted. A file without a certificate is refused saying what it holds; a broken certificate after a good
 * first one is left out with a note. Stateless.
 */
public final class CertificateLoader {
    /** The largest certificate file read: far beyond any real chain or CA bundle, PEM or DER. */
    public static final int MAX_BYTES = 1 << 20;
    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE");
    private static final Set<String> PKCS7_LABELS = Set.of("PKCS7", "PKCS #7 SIGNED DATA", "CMS");
    private static final String TRUSTED = "TRUSTED CERTIFICATE";

    private CertificateLoader() {
    }

    /**
     * The certificates of {@code file}, reading at most {@link #MAX_BYTES} + 1 bytes of it (so that devices and
     * pipes end too).
     *
     * @throws IOException         when the file cannot be read
     * @throws FileFormatException when it is larger than {@link #MAX_BYTES} or holds no certificate
     */
    public static CertificateFile read(Path file) throws IOException, FileFormatException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new FileFormatException(0, "larger than 1 MiB; not a certificate file");
        }
        return read(bytes);
    }

    /**
     * The certificates in {@code bytes}, the content of a certificate file.
     *
     * @throws FileFormatException when it holds no certificate, or its first certificate is broken, naming the line
     */
    public static CertificateFile read(byte[] bytes) throws FileFormatException {
        if (bytes.length == 0) {
            throw new FileFormatException(0, "the file is empty; not a certificate file");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN ")) {
            return pem(text);
        }
        if ((bytes[0] & 0xff) != 0x30) {
            throw new FileFormatException(0, "not a certificate: neither PEM (no -----BEGIN line) nor DER");
        }
        return der(bytes);
    }

    private static CertificateFile der(byte[] bytes) throws FileFormatException {
        List<X509Certificate> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            DerScan.Tlv t;
            try {
                t = DerScan.element(bytes, offset);
            } catch (DerScan.Malformed e) {
                if (offset == 0) {
                    throw new FileFormatException(0, "not a DER certificate: " + e.getMessage());
                }
                throw new FileFormatException(0, (bytes.length - offset) + " bytes after the end of the certificate");
            }
            DerScan.Kind kind = DerScan.kind(bytes, t);
            byte[] element = Arrays.copyOfRange(bytes, t.start(), t.end());
            if (offset == 0 && kind == DerScan.Kind.PKCS7_SIGNED_DATA) {
                out.addAll(pkcs7(element, 0));
            } else if (kind == DerScan.Kind.CERTIFICATE) {
                try {
                    out.add(certificate(element, 0));
                } catch (FileFormatException e) {
                    if (offset == 0) {
                        throw e;
                    }
                    notes.add("certificate " + (out.size() + notes.size() + 1) + " (at byte " + offset + ") was ignored: "
                            + e.getMessage());
                }
            } else if (offset == 0) {
                throw new FileFormatException(0, notACertificate(kind)
                        + (kind == DerScan.Kind.PKCS12 ? " (openssl pkcs12 -clcerts -nokeys extracts it)" : ""));
            } else {
                throw new FileFormatException(0, (bytes.length - offset) + " bytes after the end of the certificate");
            }
            offset = t.end();
        }
        if (out.isEmpty()) {
            throw new FileFormatException(0, "the PKCS#7 structure holds no certificate");
        }
        return new CertificateFile(out, notes);
    }

    private static String notACertificate(DerScan.Kind kind) {
        return kind == DerScan.Kind.OTHER ? "not a certificate: " + kind.description
                : "holds " + kind.description + ", not a certificate";
    }

    private static CertificateFile pem(String text) throws FileFormatException {
        List<Pem.Block> blocks = Pem.blocks(text);
        List<X509Certificate> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        int number = 0;
        for (Pem.Block b : blocks) {
            String label = b.label();
            boolean certificate = CERTIFICATE_LABELS.contains(label) || TRUSTED.equals(label);
            if (certificate || PKCS7_LABELS.contains(label)) {
                number++;
                try {
                    byte[] der = b.decode();
                    if (certificate) {
                        out.add(certificate(TRUSTED.equals(label) ? trustedPart(der, b.line()) : der, b.line()));
                        if (TRUSTED.equals(label)) {
                            notes.add("certificate " + number + " (line " + b.line()
                                    + ") is an OpenSSL TRUSTED CERTIFICATE: its trust settings were ignored");
                        }
                    } else {
                        out.addAll(pkcs7(der, b.line()));
                    }
                } catch (FileFormatException e) {
                    if (out.isEmpty()) {
                        throw e;
                    }
                    notes.add((certificate ? "certificate " : "PKCS#7 block ") + number + " (line " + b.line()
                            + ") was ignored: " + (e.line() != b.line() ? "line " + e.line() + ": " : "") + e.getMessage());
                }
            } else if (!isKeyMaterial(label)) {
                String what = describe(label);
                others.add(what);
                notes.add("line " + b.line() + ": " + what + " was ignored");
            }
        }
        if (out.isEmpty()) {
            others.clear();
            for (Pem.Block b : blocks) {
                others.add(describe(b.label()));
            }
            if (others.isEmpty()) {
                throw new FileFormatException(0, "no certificate found: no complete PEM block");
            }
            throw new FileFormatException(0, "holds " + String.join(" and ", others) + ", not a certificate");
        }
        return new CertificateFile(out, notes);
    }

    /** Private and public keys and parameters: what a combined certificate-and-key file holds besides certificates. */
    private static boolean isKeyMaterial(String label) {
        return label.endsWith("PRIVATE KEY") || label.endsWith("PUBLIC KEY") || label.endsWith("PARAMETERS");
    }

    private static String describe(String label) {
        String what;
        if (label.endsWith("PRIVATE KEY")) {
            what = "a private key";
        } else if (label.endsWith("PUBLIC KEY")) {
            what = "a public key";
        } else if (label.endsWith("PARAMETERS")) {
            what = "key parameters";
        } else {
            what = switch (label) {
                case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> "a certificate request";
                case "X509 CRL" -> "a CRL";
                case "ATTRIBUTE CERTIFICATE" -> "an attribute certificate";
                default -> "a PEM block of another kind";
            };
        }
        return what + " (" + label + ")";
    }

    /** One certificate in exactly {@code der}: nothing before or after it. */
    private static X509Certificate certificate(byte[] der, int line) throws FileFormatException {
        DerScan.Tlv t;
        try {
            t = DerScan.element(der, 0);
        } catch (DerScan.Malformed e) {
            throw new FileFormatException(line, "not a DER certificate: " + e.getMessage());
        }
        DerScan.Kind kind = DerScan.kind(der, t);
        if (kind != DerScan.Kind.CERTIFICATE) {
            throw new FileFormatException(line, notACertificate(kind));
        }
        if (t.end() != der.length) {
            throw new FileFormatException(line, (der.length - t.end()) + " bytes after the end of the certificate");
        }
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new FileFormatException(line, JdkRefusals.why(der));
        }
    }

    /** The certificate part of OpenSSL's TRUSTED CERTIFICATE: a certificate followed by its trust settings. */
    private static byte[] trustedPart(byte[] der, int line) throws FileFormatException {
        try {
            return Arrays.copyOf(der, DerScan.element(der, 0).end());
        } catch (DerScan.Malformed e) {
            throw new FileFormatException(line, "not a DER certificate: " + e.getMessage());
        }
    }

    private static List<X509Certificate> pkcs7(byte[] der, int line) throws FileFormatException {
        try {
            DerScan.Tlv t = DerScan.element(der, 0);
            if (t.end() != der.length || DerScan.kind(der, t) != DerScan.Kind.PKCS7_SIGNED_DATA) {
                throw new FileFormatException(line, "not a PKCS#7 structure with certificates");
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : factory().generateCertificates(new ByteArrayInputStream(der))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new FileFormatException(line, "the PKCS#7 structure holds no certificate");
            }
            return out;
        } catch (DerScan.Malformed e) {
            throw new FileFormatException(line, "not a DER PKCS#7 structure: " + e.getMessage());
        } catch (CertificateException | RuntimeException e) {
            throw new FileFormatException(line, "not a valid PKCS#7 encoding");
        }
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
