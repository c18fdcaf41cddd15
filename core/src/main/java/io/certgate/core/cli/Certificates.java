package io.certgate.core.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads certificates for the command line: PEM (one or more) or DER, leaf first. */
final class Certificates {
    private Certificates() {
    }

    static List<X509Certificate> read(Path file) throws UsageException {
        byte[] bytes = Inputs.read(file, Inputs.MAX_CERTIFICATE_FILE, Inputs.Kind.CERTIFICATE);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new UsageException(file + ": no certificate found (expected PEM or DER)");
            }
            return out;
        } catch (CertificateException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UsageException(file + ": not a PEM or DER certificate: " + why.lines().findFirst().orElse(why));
        }
    }
}
