package io.certgate.core.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Key stores, trust stores and TLS clients made from {@link TestCertificate}s, for tests that speak real TLS to
 * real servers. Nothing is written to disk unless a test asks ({@link #write}).
 *
 * <pre>{@code
 * TestCertificate root = TestCertificate.builder().subject("CN=Root").ca(1).build();
 * TestCertificate server = TestTls.localhost(root);
 * HttpClient client = TestTls.client(alice, root.certificate());   // presents alice's chain, trusts root
 * }</pre>
 */
public final class TestTls {
    /** The password of every key store made here. */
    public static final String PASSWORD = "changeit";

    private TestTls() {
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1}, issued by {@code issuer}. */
    public static TestCertificate localhost(TestCertificate issuer) {
        return TestCertificate.builder().subject("CN=localhost").sanDns("localhost").sanIp("127.0.0.1")
                .extendedKeyUsage("1.3.6.1.5.5.7.3.1").signedBy(issuer).build();
    }

    /** A PKCS#12 key store holding the certificate's key under the alias {@code key}, with its chain without the root. */
    public static KeyStore keyStore(TestCertificate owner) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            java.util.List<X509Certificate> chain = owner.chain();
            int presented = chain.size() > 1 ? chain.size() - 1 : 1;
            ks.setKeyEntry("key", owner.privateKey(), PASSWORD.toCharArray(),
                    chain.subList(0, presented).toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 trust store holding the given certificates as trusted entries. */
    public static KeyStore trustStore(X509Certificate... anchors) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                ks.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a key store as a PKCS#12 file protected by {@link #PASSWORD}. */
    public static Path write(KeyStore store, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TLS context that presents {@code client}'s chain (none when null) and trusts the given anchors.
     */
    public static SSLContext context(TestCertificate client, X509Certificate... trusted) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(client == null ? null : keyStore(client), PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(trusted));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(client == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HTTP/1.1 client that presents {@code presented} (the leaf first, whose key {@code client} holds) instead
     * of {@code client}'s own chain, as a hostile client may, and trusts the given anchors.
     */
    public static HttpClient clientPresenting(TestCertificate client, java.util.List<X509Certificate> presented,
                                              X509Certificate... trusted) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", client.privateKey(), PASSWORD.toCharArray(), presented.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(trusted));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP/1.1 client that presents {@code client}'s chain (none when null) and trusts the given anchors. */
    public static HttpClient client(TestCertificate client, X509Certificate... trusted) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context(client, trusted))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
