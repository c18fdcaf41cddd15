package io.certgate.core.cli;

import io.certgate.core.files.CertificateFile;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Certificates}: what a certificate file may hold, and what is said when it holds no usable certificate. */
class CertificatesTest {
    @TempDir
    static Path dir;
    static TestCertificate ca;
    static TestCertificate leaf;
    static byte[] csr;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestCertificate.builder().subject("CN=CA").ca(0).build();
        leaf = TestCertificate.builder().subject("CN=leaf").signedBy(ca).build();
        csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=leaf"), leaf.keyPair().getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(leaf.privateKey())).getEncoded();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.ISO_8859_1);
    }

    static Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    static String refused(Path file) {
        UsageException e = assertThrows(UsageException.class, () -> Certificates.read(file));
        assertEquals(1, e.lines().size(), e.getMessage());
        String m = e.getMessage();
        for (String java : List.of("java.", "Exception", "DerValue", "overrun", "signed fields")) {
            assertFalse(m.contains(java), m);
        }
        assertTrue(m.startsWith(file + ": "), m);
        return m.substring(file.toString().length() + 2);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void whatWorkedBeforeStillWorks() throws Exception {
        assertEquals(List.of(leaf.certificate()), Certificates.read(file("leaf.pem", leaf.certificatePem())).certificates());
        assertEquals(List.of(leaf.certificate()), Certificates.read(file("leaf.der", leaf.der())).certificates());
        assertEquals(leaf.chain(), Certificates.read(file("chain.pem", leaf.chainPem())).certificates());
        assertEquals(leaf.chain(), Certificates.read(file("crlf.pem", leaf.chainPem().replace("\n", "\r\n"))).certificates());
        assertEquals(List.of(leaf.certificate()), Certificates.read(file("nonl.pem", leaf.certificatePem().strip())).certificates());
        assertEquals(List.of(leaf.certificate()), Certificates.read(file("text.pem",
                "subject=CN=leaf\nissuer=CN=CA\n" + leaf.certificatePem())).certificates());
        assertEquals(leaf.chain(), Certificates.read(file("chain.der", concat(leaf.der(), ca.der()))).certificates());
        byte[] p7 = CertificateFactory.getInstance("X.509").generateCertPath(leaf.chain()).getEncoded("PKCS7");
        // A PKCS#7 SET OF certificates is DER-sorted: the order is the JDK's, as before.
        List<Certificate> asRead = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(
                new java.io.ByteArrayInputStream(p7)));
        assertEquals(2, asRead.size());
        assertEquals(asRead, Certificates.read(file("chain.p7b", p7)).certificates());
        assertEquals(asRead, Certificates.read(file("chain.p7.pem", pem("PKCS7", p7))).certificates());
        assertEquals(List.of(leaf.certificate()), Certificates.read(file("x509.pem", pem("X509 CERTIFICATE", leaf.der())))
                .certificates());
        assertEquals(List.of(), Certificates.read(file("leaf2.pem", leaf.chainPem())).notes());
    }

    @Test
    void aCombinedCertificateAndKeyFileGivesItsCertificates() throws Exception {
        CertificateFile read = Certificates.read(file("combined.pem", leaf.certificatePem() + leaf.privateKeyPem()));
        assertEquals(List.of(leaf.certificate()), read.certificates());
        assertEquals(List.of(), read.notes());
        read = Certificates.read(file("keyfirst.pem", leaf.privateKeyPem() + leaf.chainPem()
                + pem("PUBLIC KEY", leaf.keyPair().getPublic().getEncoded()) + pem("EC PARAMETERS", new byte[] {6, 1, 0})));
        assertEquals(leaf.chain(), read.certificates());
        assertEquals(List.of(), read.notes());
    }

    @Test
    void aFileWithoutACertificateSaysWhatItHolds() throws Exception {
        assertEquals("holds a certificate request (CERTIFICATE REQUEST), not a certificate",
                refused(file("csr.pem", pem("CERTIFICATE REQUEST", csr))));
        assertEquals("holds a private key (PRIVATE KEY), not a certificate", refused(file("key.pem", leaf.privateKeyPem())));
        byte[] crl = TestCrl.builder(ca).build().der();
        assertEquals("holds a CRL (X509 CRL), not a certificate", refused(file("crl.pem", pem("X509 CRL", crl))));
        assertEquals("holds a private key (EC PRIVATE KEY) and a certificate request (NEW CERTIFICATE REQUEST), not a"
                + " certificate", refused(file("two.pem", pem("EC PRIVATE KEY", new byte[] {48, 0})
                + pem("NEW CERTIFICATE REQUEST", csr))));
        assertEquals("holds a CRL, not a certificate", refused(file("crl.der", crl)));
        assertEquals("holds a certificate request, not a certificate", refused(file("csr.der", csr)));
        assertEquals("holds a private key, not a certificate", refused(file("key.der", leaf.privateKey().getEncoded())));
        assertEquals("holds a public key, not a certificate",
                refused(file("pub.der", leaf.keyPair().getPublic().getEncoded())));
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("leaf", leaf.privateKey(), "pw".toCharArray(), new Certificate[] {leaf.certificate()});
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        p12.store(store, "pw".toCharArray());
        assertTrue(refused(file("leaf.p12", store.toByteArray())).startsWith("holds a PKCS#12 key store, not a certificate"));
        assertEquals("not a certificate: neither PEM (no -----BEGIN line) nor DER", refused(file("text.txt", "hello\n")));
        assertEquals("the file is empty; not a certificate file", refused(file("empty.pem", "")));
    }

    @Test
    void aBlockWithAnotherLabelIsNoCertificate() throws Exception {
        assertEquals("holds a PEM block of another kind (FOO BAR), not a certificate",
                refused(file("foo.pem", pem("FOO BAR", leaf.der()))));
        CertificateFile read = Certificates.read(file("foo2.pem", pem("FOO BAR", ca.der()) + leaf.certificatePem()));
        assertEquals(List.of(leaf.certificate()), read.certificates());
        assertEquals(List.of("line 1: a PEM block of another kind (FOO BAR) was ignored"), read.notes());
    }

    @Test
    void derMustEndWithTheCertificate() throws Exception {
        assertEquals("3 bytes after the end of the certificate", refused(file("trailing.der", concat(leaf.der(), new byte[] {1, 2, 3}))));
        assertEquals("1 bytes after the end of the certificate", refused(file("nl.der", concat(leaf.der(), new byte[] {'\n'}))));
        assertEquals("line 1: 2 bytes after the end of the certificate",
                refused(file("trailing.pem", pem("CERTIFICATE", concat(leaf.der(), new byte[] {5, 0})))));
    }

    @Test
    void brokenEncodingsGiveAShortReasonWithoutJavaText() throws Exception {
        byte[] der = leaf.der();
        assertEquals("not a DER certificate: the encoding is invalid at byte 0",
                refused(file("cut.der", Arrays.copyOf(der, der.length - 10))));
        byte[] bad = der.clone();
        bad[8] = 0x31; // the version's [0] becomes a SET: still well framed, no longer a certificate
        assertTrue(refused(file("bad.der", bad)).startsWith("not a certificate: "));
        assertEquals("not a certificate: an ASN.1 structure of another kind",
                refused(file("int.der", new byte[] {0x30, 0x03, 0x02, 0x01, 0x31})));
        byte[] signed = der.clone();
        // Same shape, an impossible algorithm OID inside: the JDK refuses it; the message stays short.
        int oid = indexOf(signed, new byte[] {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02});
        signed[oid + 2] = (byte) 0x80;
        assertEquals("not a valid certificate encoding", refused(file("oid2.der", signed)));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void badBase64NamesTheLine() throws Exception {
        String text = leaf.certificatePem();
        String[] lines = text.split("\n");
        String[] star = lines.clone();
        star[3] = star[3].substring(0, 10) + "*" + star[3].substring(11);
        assertEquals("line 5: the PEM block's base64 is invalid",
                refused(file("b64.pem", "intro\n" + String.join("\n", star) + "\n")));
        String[] extra = lines.clone();
        extra[lines.length - 2] += "A";
        assertEquals("line " + (lines.length - 1) + ": the PEM block's base64 is invalid",
                refused(file("b64b.pem", String.join("\n", extra) + "\n")));
        assertEquals("line 1: the CERTIFICATE block has no END line",
                refused(file("open.pem", text.substring(0, text.indexOf("-----END")))));
        assertEquals("line 1: the CERTIFICATE block ends with END X509 CRL",
                refused(file("mismatch.pem", text.replace("END CERTIFICATE", "END X509 CRL"))));
        assertEquals("line 1: the CERTIFICATE block is empty",
                refused(file("emptyblock.pem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")));
    }

    @Test
    void aBrokenCertificateAfterAGoodOneIsLeftOutWithANote() throws Exception {
        String second = ca.certificatePem();
        String[] lines = second.split("\n");
        lines[2] = "%%%" + lines[2];
        Path f = file("leaf-broken.pem", leaf.certificatePem() + String.join("\n", lines) + "\n");
        int secondLine = leaf.certificatePem().split("\n").length + 1;
        CertificateFile read = Certificates.read(f);
        assertEquals(List.of(leaf.certificate()), read.certificates());
        assertEquals(List.of("certificate 2 (line " + secondLine + ") was ignored: line " + (secondLine + 2)
                + ": the PEM block's base64 is invalid"), read.notes());

        Path rules = file("any.rules", "role any when true\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"explain", "--rules", rules.toString(), "--cert", f.toString()}, ps, ps));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("certificate " + f + System.lineSeparator()
                + "  note: certificate 2 (line " + secondLine + ") was ignored: line " + (secondLine + 2)
                + ": the PEM block's base64 is invalid" + System.lineSeparator()), out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, Main.run(new String[] {"explain", "--rules", rules.toString(), "--cert", f.toString(), "--json"},
                ps, ps));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"notes\": [\"certificate 2 (line " + secondLine
                + ") was ignored: line " + (secondLine + 2) + ": the PEM block's base64 is invalid\"]"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void openSslTrustedCertificatesAreReadWithoutTheirTrustSettings() throws Exception {
        // X509_CERT_AUX: SEQUENCE { trust SEQUENCE OF OID { clientAuth } }
        byte[] aux = {0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02};
        CertificateFile read = Certificates.read(file("trusted.pem", pem("TRUSTED CERTIFICATE", concat(ca.der(), aux))));
        assertEquals(List.of(ca.certificate()), read.certificates());
        assertEquals(List.of("certificate 1 (line 1) is an OpenSSL TRUSTED CERTIFICATE: its trust settings were ignored"),
                read.notes());
    }
}
