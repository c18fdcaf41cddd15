package io.certgate.demo.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo PKI written as files that servers, {@code curl} and browsers read:
 *
 * <pre>
 * ca.pem                 the demo root CA (curl's --cacert; the server's trust store holds the same)
 * issuing-ca.pem         the issuing CA
 * server.p12             the server's key and chain        truststore.p12   the demo root, for the server
 * NAME.p12               a client's key and chain, for browsers and Java
 * NAME-cert.pem          a client's certificate             NAME-key.pem     its private key (PKCS#8, unencrypted)
 * NAME-chain.pem         its certificate and intermediates, as TLS presents them (curl's --cert)
 * </pre>
 *
 * Every PKCS#12 file is protected by the password {@value #PASSWORD}; files holding keys are readable by their
 * owner only (where the file system has POSIX permissions). The keys are made for this run only.
 *
 * @param dir         the folder holding the files
 * @param caPem       the demo root CA, PEM
 * @param serverStore the server's key store
 * @param trustStore  the server's trust store
 * @param clients     each client's files, by client name, in the demo's order
 */
public record PkiFiles(Path dir, Path caPem, Path serverStore, Path trustStore, Map<String, ClientFiles> clients) {
    /** The password of every PKCS#12 file. */
    public static final String PASSWORD = "changeit";

    /**
     * A client's files.
     *
     * @param keyStore PKCS#12 with the key and chain
     * @param cert     the certificate, PEM
     * @param key      the private key, PEM
     * @param chain    the certificate and its intermediates, PEM
     */
    public record ClientFiles(Path keyStore, Path cert, Path key, Path chain) {
    }

    public PkiFiles {
        clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    }

    /** Writes every file of {@code pki} into {@code dir}, which is created when missing. */
    public static PkiFiles write(DemoPki pki, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path ca = Files.writeString(dir.resolve("ca.pem"), pem(List.of(pki.root().certificate())));
        Files.writeString(dir.resolve("issuing-ca.pem"), pem(List.of(pki.issuing().certificate())));
        Path server = ownerOnly(keyStore(dir.resolve("server.p12"), "server", pki.server()));
        Path trust = dir.resolve("truststore.p12");
        store(trust, trustStore(pki.root().certificate()));
        Map<String, ClientFiles> clients = new LinkedHashMap<>();
        for (DemoClient c : pki.clients()) {
            IssuedCertificate held = c.certificate();
            clients.put(c.name(), new ClientFiles(
                    ownerOnly(keyStore(dir.resolve(c.name() + ".p12"), c.name(), held)),
                    Files.writeString(dir.resolve(c.name() + "-cert.pem"), pem(List.of(held.certificate()))),
                    ownerOnly(Files.writeString(dir.resolve(c.name() + "-key.pem"),
                            pem("PRIVATE KEY", held.privateKey().getEncoded()))),
                    Files.writeString(dir.resolve(c.name() + "-chain.pem"), pem(held.presentedChain()))));
        }
        return new PkiFiles(dir, ca, server, trust, clients);
    }

    /** A PKCS#12 key store in memory holding the certificate's key and presented chain under {@code alias}. */
    public static KeyStore keyStore(String alias, IssuedCertificate held) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, held.privateKey(), PASSWORD.toCharArray(),
                    held.presentedChain().toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a PKCS#12 key store: " + e, e);
        }
    }

    /** A PKCS#12 trust store in memory holding the given anchors. */
    public static KeyStore trustStore(X509Certificate... anchors) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                ks.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a PKCS#12 trust store: " + e, e);
        }
    }

    private static Path keyStore(Path file, String alias, IssuedCertificate held) throws IOException {
        store(file, keyStore(alias, held));
        return file;
    }

    /** Makes a file holding a key readable by its owner only, where the file system has POSIX permissions. */
    private static Path ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    private static void store(Path file, KeyStore store) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e, e);
        }
    }

    private static String pem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                out.append(pem("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
