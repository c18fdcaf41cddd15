package io.certgate.demo;

import io.certgate.demo.pki.IssuedCertificate;
import io.certgate.demo.pki.PkiFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * TLS for one demo client: an HTTP/1.1 {@link HttpClient} that presents the client's certificate chain and trusts
 * only the demo root for the server.
 *
 * <p>The client presents its chain whatever CA names the server's certificate request lists, as {@code curl
 * --cert} does. (The JDK's own key managers would offer no certificate at all when the chain does not lead to one
 * of those CAs, which would hide what the demo shows: the server refusing a certificate it does not trust.)
 */
final class ClientTls {
    private ClientTls() {
    }

    /** A client that presents {@code client}'s chain (none when null) and trusts {@code serverRoot}. */
    static HttpClient httpClient(IssuedCertificate client, X509Certificate serverRoot) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(context(client, serverRoot)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static SSLContext context(IssuedCertificate client, X509Certificate serverRoot) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(PkiFiles.trustStore(serverRoot));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client == null ? null : new X509ExtendedKeyManager[] {new Presenting(client)},
                    tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for a demo client: " + e, e);
        }
    }

    /** A key manager with one client key, offered to every certificate request that accepts its key type. */
    private static final class Presenting extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final IssuedCertificate held;

        Presenting(IssuedCertificate held) {
            this.held = held;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            for (String type : keyTypes) {
                if (fits(type)) {
                    return ALIAS;
                }
            }
            return null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return chooseClientAlias(keyTypes, issuers, null);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return fits(keyType) ? new String[] {ALIAS} : null;
        }

        /** Whether the key suits a key type the TLS stack asks for, such as {@code EC} (or {@code EC_EC}). */
        private boolean fits(String keyType) {
            String algorithm = held.privateKey().getAlgorithm();
            return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? held.presentedChain().toArray(new X509Certificate[0]) : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? held.privateKey() : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
