package io.certgate.core.cli;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What {@link Certificates#read} found in a certificate file.
 *
 * @param certificates the certificates in file order, the first being the client's (or the one {@code --path}
 *                     takes); never empty
 * @param notes        one line each on what was left out and why ({@code certificate 2 (line 31) was ignored: …}),
 *                     without the file name
 */
record CertificateFile(List<X509Certificate> certificates, List<String> notes) {
    CertificateFile {
        certificates = List.copyOf(certificates);
        notes = List.copyOf(notes);
    }
}
