package io.certgate.core.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificate files for the command line: DER (one certificate, certificates back to back, or PKCS#7), or PEM,
 * where only {@code CERTIFICATE}, {@code X509 CERTIFICATE}, {@code TRUSTED CERTIFICATE} (its OpenSSL trust settings
 * ignored) and {@code PKCS7} blocks are read, in file order. Key and parameter blocks (a combined certificate and key
 * file) are passed over; other blocks are noted. A file without a certificate is refused saying what it holds; a
 * broken certificate after a good first one is left out with a note. Messages name the file and, for PEM, the line,
 * and never quote Java exceptions.
 */
final class Certificates {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^-]*(?:-[^-]+)*)-----");
    private static final Pattern END = Pattern.compile("-----END ([^-]*(?:-[^-]+)*)-----");
    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE");
    private static final Set<String> PKCS7_LABELS = Set.of("PKCS7", "PKCS #7 SIGNED DATA", "CMS");
    private static final String TRUSTED = "TRUSTED CERTIFICATE";

    private Certificates() {
    }

    /** A problem with one certificate or block: the reason, and the line it is about (0 for DER input). */
    private static final class Refused extends Exception {
        final int line;

        Refused(int line, String reason) {
            super(reason);
            this.line = line;
        }
    }

    /** A PEM block: its label, the line of its BEGIN, its body lines (numbered), and a problem with its framing. */
    private record Block(String label, int line, List<String> body, int firstBodyLine, String framing) {
    }

    /** The certificates of {@code file}, at most {@link Inputs#MAX_CERTIFICATE_FILE} bytes, PEM or DER. */
    static CertificateFile read(Path file) throws UsageException {
        byte[] bytes = Inputs.read(file, Inputs.MAX_CERTIFICATE_FILE, Inputs.Kind.CERTIFICATE);
        String name = Printable.of(file);
        if (bytes.length == 0) {
            throw new UsageException(name + ": the file is empty; not a certificate file");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            if (text.contains("-----BEGIN ")) {
                return pem(text);
            }
            if ((bytes[0] & 0xff) != 0x30) {
                throw new Refused(0, "not a certificate: neither PEM (no -----BEGIN line) nor DER");
            }
            return der(bytes);
        } catch (Refused e) {
            throw new UsageException(name + ": " + (e.line > 0 ? "line " + e.line + ": " : "") + e.getMessage());
        }
    }

    private static CertificateFile der(byte[] bytes) throws Refused {
        List<X509Certificate> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            DerScan.Tlv t;
            try {
                t = DerScan.element(bytes, offset);
            } catch (DerScan.Malformed e) {
                if (offset == 0) {
                    throw new Refused(0, "not a DER certificate: " + e.getMessage());
                }
                throw new Refused(0, (bytes.length - offset) + " bytes after the end of the certificate");
            }
            DerScan.Kind kind = DerScan.kind(bytes, t);
            byte[] element = Arrays.copyOfRange(bytes, t.start(), t.end());
            if (offset == 0 && kind == DerScan.Kind.PKCS7_SIGNED_DATA) {
                out.addAll(pkcs7(element, 0));
            } else if (kind == DerScan.Kind.CERTIFICATE) {
                try {
                    out.add(certificate(element, 0));
                } catch (Refused e) {
                    if (offset == 0) {
                        throw e;
                    }
                    notes.add("certificate " + (out.size() + notes.size() + 1) + " (at byte " + offset + ") was ignored: "
                            + e.getMessage());
                }
            } else if (offset == 0) {
                throw new Refused(0, notACertificate(kind)
                        + (kind == DerScan.Kind.PKCS12 ? " (openssl pkcs12 -clcerts -nokeys extracts it)" : ""));
            } else {
                throw new Refused(0, (bytes.length - offset) + " bytes after the end of the certificate");
            }
            offset = t.end();
        }
        if (out.isEmpty()) {
            throw new Refused(0, "the PKCS#7 structure holds no certificate");
        }
        return new CertificateFile(out, notes);
    }

    private static String notACertificate(DerScan.Kind kind) {
        return kind == DerScan.Kind.OTHER ? "not a certificate: " + kind.description
                : "holds " + kind.description + ", not a certificate";
    }

    private static CertificateFile pem(String text) throws Refused {
        List<Block> blocks = blocks(text);
        List<X509Certificate> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        int number = 0;
        for (Block b : blocks) {
            String label = b.label();
            boolean certificate = CERTIFICATE_LABELS.contains(label) || TRUSTED.equals(label);
            if (certificate || PKCS7_LABELS.contains(label)) {
                number++;
                try {
                    byte[] der = base64(b);
                    if (certificate) {
                        out.add(certificate(TRUSTED.equals(label) ? trustedPart(der, b.line()) : der, b.line()));
                        if (TRUSTED.equals(label)) {
                            notes.add("certificate " + number + " (line " + b.line()
                                    + ") is an OpenSSL TRUSTED CERTIFICATE: its trust settings were ignored");
                        }
                    } else {
                        out.addAll(pkcs7(der, b.line()));
                    }
                } catch (Refused e) {
                    if (out.isEmpty()) {
                        throw e;
                    }
                    notes.add((certificate ? "certificate " : "PKCS#7 block ") + number + " (line " + b.line()
                            + ") was ignored: " + (e.line != b.line() ? "line " + e.line + ": " : "") + e.getMessage());
                }
            } else if (!isKeyMaterial(label)) {
                String what = describe(label);
                others.add(what);
                notes.add("line " + b.line() + ": " + what + " was ignored");
            }
        }
        if (out.isEmpty()) {
            others.clear();
            for (Block b : blocks) {
                others.add(describe(b.label()));
            }
            if (others.isEmpty()) {
                throw new Refused(0, "no certificate found: no complete PEM block");
            }
            throw new Refused(0, "holds " + String.join(" and ", others) + ", not a certificate");
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
        return what + " (" + Printable.of(label) + ")";
    }

    /** The PEM blocks of {@code text}, text outside them ignored (RFC 7468). */
    private static List<Block> blocks(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher begin = BEGIN.matcher(lines[i].strip());
            if (!begin.matches()) {
                continue;
            }
            String label = begin.group(1);
            int first = i + 1;
            List<String> body = new ArrayList<>();
            String framing = "the " + label + " block has no END line";
            int j = first;
            for (; j < lines.length; j++) {
                Matcher end = END.matcher(lines[j].strip());
                if (end.matches()) {
                    framing = end.group(1).equals(label) ? null
                            : "the " + label + " block ends with END " + end.group(1);
                    break;
                }
                body.add(lines[j]);
            }
            out.add(new Block(label, i + 1, body, first + 1, framing == null ? null : Printable.of(framing)));
            i = j;
        }
        return out;
    }

    /** The block's body decoded; a usage error names the first line that is not base64. */
    private static byte[] base64(Block b) throws Refused {
        if (b.framing() != null) {
            throw new Refused(b.line(), b.framing());
        }
        StringBuilder all = new StringBuilder();
        int badLine = 0;
        boolean padded = false;
        int last = b.line();
        for (int i = 0; i < b.body().size() && badLine == 0; i++) {
            String line = b.body().get(i).strip();
            int number = b.firstBodyLine() + i;
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+'
                        || c == '/';
                if (!alphabet && c != '=' || alphabet && padded) {
                    badLine = number;
                    break;
                }
                padded |= c == '=';
            }
            if (!line.isEmpty()) {
                last = number;
            }
            all.append(line);
        }
        if (badLine != 0) {
            throw new Refused(badLine, "the PEM block's base64 is invalid");
        }
        if (all.length() == 0) {
            throw new Refused(b.line(), "the " + Printable.of(b.label()) + " block is empty");
        }
        try {
            return Base64.getDecoder().decode(all.toString());
        } catch (IllegalArgumentException e) {
            throw new Refused(last, "the PEM block's base64 is invalid");
        }
    }

    /** One certificate in exactly {@code der}: nothing before or after it. */
    private static X509Certificate certificate(byte[] der, int line) throws Refused {
        DerScan.Tlv t;
        try {
            t = DerScan.element(der, 0);
        } catch (DerScan.Malformed e) {
            throw new Refused(line, "not a DER certificate: " + e.getMessage());
        }
        DerScan.Kind kind = DerScan.kind(der, t);
        if (kind != DerScan.Kind.CERTIFICATE) {
            throw new Refused(line, notACertificate(kind));
        }
        if (t.end() != der.length) {
            throw new Refused(line, (der.length - t.end()) + " bytes after the end of the certificate");
        }
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new Refused(line, JdkRefusals.why(der));
        }
    }

    /** The certificate part of OpenSSL's TRUSTED CERTIFICATE: a certificate followed by its trust settings. */
    private static byte[] trustedPart(byte[] der, int line) throws Refused {
        try {
            return Arrays.copyOf(der, DerScan.element(der, 0).end());
        } catch (DerScan.Malformed e) {
            throw new Refused(line, "not a DER certificate: " + e.getMessage());
        }
    }

    private static List<X509Certificate> pkcs7(byte[] der, int line) throws Refused {
        try {
            DerScan.Tlv t = DerScan.element(der, 0);
            if (t.end() != der.length || DerScan.kind(der, t) != DerScan.Kind.PKCS7_SIGNED_DATA) {
                throw new Refused(line, "not a PKCS#7 structure with certificates");
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : factory().generateCertificates(new ByteArrayInputStream(der))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new Refused(line, "the PKCS#7 structure holds no certificate");
            }
            return out;
        } catch (DerScan.Malformed e) {
            throw new Refused(line, "not a DER PKCS#7 structure: " + e.getMessage());
        } catch (CertificateException | RuntimeException e) {
            throw new Refused(line, "not a valid PKCS#7 encoding");
        }
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
