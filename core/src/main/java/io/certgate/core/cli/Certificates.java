package io.certgate.core.cli;

import io.certgate.core.files.CertificateFile;
import io.certgate.core.files.CertificateLoader;
import io.certgate.core.files.FileFormatException;

import java.nio.file.Path;

/**
 * Reads certificate files for the command line with {@link CertificateLoader}, as the server reads them; messages
 * name the file and, for PEM, the line, and never quote Java exceptions.
 */
final class Certificates {
    private Certificates() {
    }

    /** The certificates of {@code file}, at most {@link CertificateLoader#MAX_BYTES} bytes, PEM or DER. */
    static CertificateFile read(Path file) throws UsageException {
        byte[] bytes = Inputs.read(file, CertificateLoader.MAX_BYTES, Inputs.Kind.CERTIFICATE);
        try {
            return CertificateLoader.read(bytes);
        } catch (FileFormatException e) {
            throw new UsageException(Printable.of(file) + ": " + e.where());
        }
    }
}
