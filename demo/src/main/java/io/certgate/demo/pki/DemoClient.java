package io.certgate.demo.pki;

import java.util.Objects;

/**
 * One client of the demo and its certificate.
 *
 * @param name        the short name used in the table and in file names, such as {@code admin}
 * @param description what the client stands for, in a few words
 * @param certificate its certificate, key and chain
 */
public record DemoClient(String name, String description, IssuedCertificate certificate) {
    public DemoClient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(certificate, "certificate");
    }
}
