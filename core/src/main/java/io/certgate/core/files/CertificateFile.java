package io.certgate.core.files;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@link CertificateLoader} found in a certificate file.
 *
 * @param certificates the certificates in file order, the first being the client's (or the one {@code --path}
 *                     takes); never empty
 * @param notes        one line each on what was left out and why ({@code certificate 2 (line 31) was ignored: …}),
 *                     without the file name
 */
public record CertificateFile(List<X509Certificate> certificates, List<String> notes) {
    /** Copies both lists. */
    public CertificateFile {
        certificates = List.copyOf(certificates);
        notes = List.copyOf(notes);
    }
}
